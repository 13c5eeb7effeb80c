// Package e2e holds the browser journeys: the whole program started in-process
// through app.Main, driven in headless Chromium with chromedp. It has no
// production code; the journeys are its tests.
package e2e

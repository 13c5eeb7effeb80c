package portal

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"tongchou/internal/ui"
)

// The GeoReport v2 documents (https://wiki.open311.org/GeoReport_v2), in
// the spec's element order; XML is required by the spec, JSON offered too.

type o311Service struct {
	XMLName     xml.Name `xml:"service" json:"-"`
	Code        string   `xml:"service_code" json:"service_code"`
	Name        string   `xml:"service_name" json:"service_name"`
	Description string   `xml:"description" json:"description"`
	Metadata    bool     `xml:"metadata" json:"metadata"`
	Type        string   `xml:"type" json:"type"`
	Keywords    string   `xml:"keywords" json:"keywords"`
	Group       string   `xml:"group" json:"group"`
}

type o311Services struct {
	XMLName  xml.Name      `xml:"services"`
	Services []o311Service `xml:"service"`
}

// o311Request is one service request as GET requests returns it.
type o311Request struct {
	XMLName           xml.Name `xml:"request" json:"-"`
	ID                string   `xml:"service_request_id" json:"service_request_id"`
	Status            string   `xml:"status" json:"status"`
	StatusNotes       string   `xml:"status_notes" json:"status_notes"`
	ServiceName       string   `xml:"service_name" json:"service_name"`
	ServiceCode       string   `xml:"service_code" json:"service_code"`
	Description       string   `xml:"description" json:"description"`
	AgencyResponsible string   `xml:"agency_responsible" json:"agency_responsible"`
	ServiceNotice     string   `xml:"service_notice" json:"service_notice"`
	RequestedDatetime string   `xml:"requested_datetime" json:"requested_datetime"`
	UpdatedDatetime   string   `xml:"updated_datetime" json:"updated_datetime"`
	ExpectedDatetime  string   `xml:"expected_datetime" json:"expected_datetime"`
	Address           string   `xml:"address" json:"address"`
	AddressID         string   `xml:"address_id" json:"address_id"`
	Zipcode           string   `xml:"zipcode" json:"zipcode"`
	Lat               *float64 `xml:"lat" json:"lat"`
	Long              *float64 `xml:"long" json:"long"`
	MediaURL          string   `xml:"media_url" json:"media_url"`
}

type o311Requests struct {
	XMLName  xml.Name      `xml:"service_requests"`
	Requests []o311Request `xml:"request"`
}

// o311Created is the answer to POST requests.
type o311Created struct {
	XMLName       xml.Name `xml:"request" json:"-"`
	ID            string   `xml:"service_request_id" json:"service_request_id"`
	ServiceNotice string   `xml:"service_notice" json:"service_notice"`
	AccountXML    string   `xml:"account_id" json:"-"` // <account_id/>, as the spec shows it
	AccountID     *string  `xml:"-" json:"account_id"` // null: we keep no accounts
}

type o311CreatedList struct {
	XMLName  xml.Name      `xml:"service_requests"`
	Requests []o311Created `xml:"request"`
}

type o311Error struct {
	XMLName     xml.Name `xml:"error" json:"-"`
	Code        int      `xml:"code" json:"code"`
	Description string   `xml:"description" json:"description"`
}

type o311Errors struct {
	XMLName xml.Name    `xml:"errors"`
	Errors  []o311Error `xml:"error"`
}

// w3c formats a time as the spec asks (W3C datetime with the zone), in
// China Standard Time.
func w3c(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ui.Shanghai).Format(time.RFC3339)
}

// format is the extension of a GeoReport file name ("requests.xml" → "xml").
func format(file string) (base, ext string) {
	i := strings.LastIndexByte(file, '.')
	if i < 0 {
		return file, ""
	}
	return file[:i], file[i+1:]
}

// writeDoc writes v as XML (xmlDoc) or JSON (jsonDoc, the list form the spec's
// JSON examples use).
func writeDoc(w http.ResponseWriter, ext string, status int, xmlDoc, jsonDoc any) error {
	w.Header().Set("Cache-Control", "no-store")
	if ext == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		return json.NewEncoder(w).Encode(jsonDoc)
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	if _, err := w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n")); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(xmlDoc)
}

// writeErr writes a GeoReport error document.
func writeErr(w http.ResponseWriter, ext string, status int, desc string) error {
	e := []o311Error{{Code: status, Description: desc}}
	return writeDoc(w, ext, status, o311Errors{Errors: e}, e)
}

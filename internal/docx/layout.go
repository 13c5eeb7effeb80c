package docx

// Page geometry of GB/T 9704-2012 in twips (1/1440 inch; 1 mm = 1440/25.4 = 56.6929 twips).
const (
	pageW = 11906 // A4 210 mm
	pageH = 16838 // A4 297 mm

	marginTop    = 2098 // 天头 37 mm = 2097.6 twips
	marginBottom = 1984 // 35 mm = 1984.3 twips
	marginLeft   = 1587 // 订口 28 mm = 1587.4 twips
	marginRight  = 1474 // 26 mm = 1474.0 twips

	// textW and textH are the 版心: 8845 × 12756 twips = 156 mm × 225 mm, as the standard says.
	textW = pageW - marginLeft - marginRight
	textH = pageH - marginTop - marginBottom

	// footerDist puts the page number's 一字线 about 7 mm below the 版心: the footer's bottom
	// edge sits 23 mm above the page edge (35 mm − 7 mm − one 4号 line of ≈ 5 mm) = 1304 twips.
	footerDist = 1304
	headerDist = 851 // 15 mm; no header is written, Word needs a value

	// lineExact is the fixed 28-pt line spacing in twentieths of a point: 22 lines take
	// 22 × 560 = 12320 twips ≤ textH, a 23rd (12880) does not fit, so a page holds 22 lines.
	lineExact = 560

	// linePitch is the document grid's line pitch: textH / 22 = 579.8, rounded down so that
	// 22 lines fit. Paragraphs use exact spacing (lineExact), which Word does not snap to the
	// line grid; the value matters to editors that lay out by the grid (WPS).
	linePitch = textH / 22 // 579

	// charSpace widens or narrows the character grid relative to the default font size
	// (16 pt, 3号) in 1/4096 pt: 28 characters must fill textW, so the pitch is
	// 8845/28 = 315.89 twips = 15.7946 pt, i.e. −0.2054 pt = −841.1/4096 pt, rounded away
	// from zero so that 28 still fit.
	//
	// Word and WPS put each 16 pt glyph in its 15.79 pt cell: 28 a line. LibreOffice (7.4)
	// breaks lines by whole cells and gives each glyph two, so it shows 14 spread characters
	// a line (condensing the runs by 0.25 pt does not change its line breaks); with
	// charSpace 0 it would show 27 unspread, but Word would then show 27 too. The standard
	// layout is for Word/WPS, so the grid stays exact; titles opt out of the grid
	// (w:snapToGrid 0), as the usual 公文 templates do, so they are not spread.
	charSpace = -842

	bodyHalfPt  = 32 // 3号 16 pt, in half points
	titleHalfPt = 44 // 2号 22 pt
	smallHalfPt = 28 // 4号 14 pt: page numbers, tables, 版记
	// mastheadHalfPt is the 发文机关标志's size: 小初 36 pt, the size the usual 公文 templates use
	// (the standard asks only that it be 醒目、美观、庄重 and narrower than the 版心).
	mastheadHalfPt = 72
	// red is the 版头's red (发文机关标志 and the 分隔线).
	red           = "FF0000"
	emuPerMM      = 36000
	twipsPerMM    = 1440 / 25.4
	indentTwoChar = 200 // w:firstLineChars: hundredths of a character
)

// Fonts by their official names. Word and WPS with the fonts installed use them; the font
// table names a fallback (w:altName) for machines without them.
const (
	fontFangSong = "仿宋_GB2312"
	fontTitle    = "方正小标宋简体"
	fontKai      = "楷体_GB2312"
	fontHei      = "黑体"
	fontSong     = "宋体"
	fontLatin    = "Times New Roman"
)

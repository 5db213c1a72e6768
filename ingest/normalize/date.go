package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the machine formats seen in feeds and page metadata:
// RFC 1123/822 with and without weekday, seconds or numeric zone, RFC 3339
// and its common relaxations, and Go's own reference forms.
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006",
	"Monday, 2 Jan 2006 15:04:05 -0700",
	"Monday, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 MST",
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	time.RubyDate,
	"20060102T150405Z0700",
	"20060102",
}

// zoneOffsets gives the offset of the zone abbreviations news sites print.
// Go's time.Parse gives unknown abbreviations a zero offset, so these are
// applied after parsing. The US "ET/CT/MT/PT" forms follow US daylight time.
var zoneOffsets = map[string]int{
	"UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"BST": 3600, "WEST": 3600, "CET": 3600, "CEST": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
	"MSK": 3 * 3600, "IST": 5*3600 + 1800, "PKT": 5 * 3600, "WIB": 7 * 3600, "ICT": 7 * 3600,
	"WITA": 8 * 3600, "SGT": 8 * 3600, "HKT": 8 * 3600, "PHT": 8 * 3600, "AWST": 8 * 3600,
	"WIT": 9 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "ACST": 9*3600 + 1800,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// usZones are the US zone names without a daylight-time letter.
var usZones = map[string]int{"ET": -5, "CT": -6, "MT": -7, "PT": -8}

// parseDate parses a date in any of dateLayouts or a human form such as
// "July 19, 2021 at 08:59PM" and returns it in UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 120 || digits(s) < 4 {
		return time.Time{}, false // every form has a year, or a day and a time
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		return fixZone(t), plausibleYear(t.Year())
	}
	return parseHumanDate(s)
}

// fixZone applies zoneOffsets to a time whose zone Go only knew by name.
func fixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if want, ok := zoneOffsets[strings.ToUpper(name)]; ok && off != want {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
			time.FixedZone(name, want))
	}
	return t.UTC()
}

func plausibleYear(y int) bool { return y >= 1800 && y <= 2200 }

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

// dateNoise are words that may surround a date on a timestamp line.
var dateNoise = map[string]bool{
	"at": true, "on": true, "of": true, "the": true, "|": true, "-": true, "–": true, "—": true,
	"•": true, "·": true, "/": true, "published": true, "updated": true, "posted": true,
	"last": true, "modified": true, "first": true, "originally": true, "date": true,
}

var (
	clockRE   = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.)?$`)
	hourAmRE  = regexp.MustCompile(`^(\d{1,2})(am|pm|a\.m\.|p\.m\.)$`)
	ordinalRE = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th)$`)
	slashRE   = regexp.MustCompile(`^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})$`)
	isoDayRE  = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	offsetRE  = regexp.MustCompile(`^(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?$`)
)

// parseHumanDate parses a line made only of date and time words, such as
// "Monday, July 19, 2021 at 08:59PM EDT" or "Updated 3:04 PM ET, Mon July
// 19, 2021". It needs a year, a month and a day; anything that is not a date
// word makes it fail, so a sentence that mentions a date is not a date.
func parseHumanDate(s string) (time.Time, bool) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ','
	})
	if len(fields) == 0 || len(fields) > 14 {
		return time.Time{}, false
	}
	d := humanDate{year: -1, day: -1, hour: -1}
	for i, f := range fields {
		f = strings.TrimSuffix(f, ":")
		next := ""
		if i+1 < len(fields) {
			next = fields[i+1]
		}
		if done, ok := d.clock(f, next); !ok {
			return time.Time{}, false
		} else if done {
			continue
		}
		g := strings.TrimSuffix(f, ".")
		if mo, ok := months[g]; ok {
			if d.month != 0 {
				return time.Time{}, false
			}
			d.month = mo
			d.words++
			continue
		}
		if weekdays[g] || d.zone(g) {
			continue
		}
		if !d.date(g) {
			return time.Time{}, false
		}
	}
	return d.time()
}

// humanDate is what parseHumanDate has read so far; -1 is unset.
type humanDate struct {
	year, day, hour, minute, sec int
	month                        time.Month
	zoneOff, usZone              int // seconds east of UTC; a US zone's standard offset in hours
	words                        int // fields that name a month or a whole date
}

// clock reads a field that is noise or part of the time of day (next is the
// field after f, "" at the end). done says whether f was such a field; ok is
// false when f contradicts what was read.
func (d *humanDate) clock(f, next string) (done, ok bool) {
	if next != "" && d.hour < 0 && isAmPm(next) {
		if n, err := strconv.Atoi(f); err == nil && n <= 12 && len(f) <= 2 {
			d.hour = n // "9 a.m.": the marker comes next
			return true, true
		}
	}
	if f == "" || dateNoise[f] {
		return true, true
	}
	if isAmPm(f) {
		if d.hour < 0 || d.hour > 12 {
			return true, false
		}
		d.hour = ampm(d.hour, f)
		return true, true
	}
	if m := clockRE.FindStringSubmatch(f); m != nil {
		if d.hour >= 0 {
			return true, false
		}
		d.hour, _ = strconv.Atoi(m[1])
		d.minute, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			d.sec, _ = strconv.Atoi(m[3])
		}
		if m[4] != "" {
			if d.hour > 12 {
				return true, false
			}
			d.hour = ampm(d.hour, m[4])
		}
		return true, true
	}
	if m := hourAmRE.FindStringSubmatch(f); m != nil && d.hour < 0 {
		d.hour, _ = strconv.Atoi(m[1])
		if d.hour > 12 {
			return true, false
		}
		d.hour = ampm(d.hour, m[2])
		return true, true
	}
	return false, true
}

// zone reads a time zone field (an abbreviation, a US zone, or an offset
// such as "utc+8" or "+0530"), reporting whether g was one.
func (d *humanDate) zone(g string) bool {
	if off, ok := zoneOffsets[strings.ToUpper(g)]; ok && g != "z" {
		d.zoneOff = off
		return true
	}
	if h, ok := usZones[strings.ToUpper(g)]; ok {
		d.usZone = h
		return true
	}
	if m := offsetRE.FindStringSubmatch(g); m != nil && (strings.HasPrefix(g, "utc") || strings.HasPrefix(g, "gmt") || len(m[2]) == 2) {
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		d.zoneOff = h*3600 + mi*60
		if m[1] == "-" {
			d.zoneOff = -d.zoneOff
		}
		return true
	}
	return false
}

// date reads a numeric date field: a whole date (2021-07-19, 19/07/2021), an
// ordinal day, a year or a day. It is false when g is none of these or one
// that was already read.
func (d *humanDate) date(g string) bool {
	whole := d.year < 0 && d.month == 0 && d.day < 0
	if m := isoDayRE.FindStringSubmatch(g); m != nil && whole {
		d.year, _ = strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d.month = time.Month(mo)
		d.day, _ = strconv.Atoi(m[3])
		d.words++
		return true
	}
	if m := slashRE.FindStringSubmatch(g); m != nil && whole {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		switch {
		case len(m[1]) == 4: // 2021/07/19
			d.year, d.month, d.day = a, time.Month(b), c
		case len(m[3]) == 4 && a > 12: // 19/07/2021
			d.year, d.month, d.day = c, time.Month(b), a
		case len(m[3]) == 4: // 07/19/2021 (US order when ambiguous)
			d.year, d.month, d.day = c, time.Month(a), b
		default:
			return false
		}
		d.words++
		return true
	}
	if m := ordinalRE.FindStringSubmatch(g); m != nil && d.day < 0 {
		d.day, _ = strconv.Atoi(m[1])
		return true
	}
	if n, err := strconv.Atoi(g); err == nil && len(g) <= 4 {
		switch {
		case len(g) == 4 && d.year < 0:
			d.year = n
		case len(g) <= 2 && d.day < 0:
			d.day = n
		default:
			return false
		}
		return true
	}
	return false
}

// time checks what was read and returns it as a time in UTC; without a time
// of day it is midnight in the zone read.
func (d *humanDate) time() (time.Time, bool) {
	if d.words == 0 || d.year < 0 || d.month < 1 || d.month > 12 || d.day < 1 || !plausibleYear(d.year) {
		return time.Time{}, false
	}
	if d.day > daysIn(d.month, d.year) {
		return time.Time{}, false
	}
	hour := max(d.hour, 0)
	if hour > 23 || d.minute > 59 || d.sec > 59 {
		return time.Time{}, false
	}
	zoneOff := d.zoneOff
	if d.usZone != 0 {
		zoneOff = d.usZone * 3600
		if usDaylight(d.year, d.month, d.day) {
			zoneOff += 3600
		}
	}
	t := time.Date(d.year, d.month, d.day, hour, d.minute, d.sec, 0, time.FixedZone("", zoneOff))
	return t.UTC(), true
}

func ampm(hour int, marker string) int {
	pm := marker[0] == 'p'
	switch {
	case pm && hour < 12:
		return hour + 12
	case !pm && hour == 12:
		return 0
	}
	return hour
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// usDaylight reports whether US daylight time is in effect on that day: from
// the second Sunday of March to the first Sunday of November.
func usDaylight(year int, m time.Month, day int) bool {
	switch {
	case m > time.March && m < time.November:
		return true
	case m == time.March:
		return day >= nthSunday(year, time.March, 2)
	case m == time.November:
		return day < nthSunday(year, time.November, 1)
	}
	return false
}

func nthSunday(year int, m time.Month, n int) int {
	first := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	return 1 + (7-int(first))%7 + 7*(n-1)
}

func isAmPm(f string) bool {
	switch strings.TrimSuffix(f, ",") {
	case "am", "a.m.", "pm", "p.m.":
		return true
	}
	return false
}

func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

package normalize

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
)

// TestReadabilityEval measures our clutter removal against readability
// (codeberg.org/readeck/go-readability/v2, the maintained continuation of
// go-shiori/go-readability, a port of Mozilla's Readability.js) on
// realistic news pages: the 24 articles of ../shared/realtext, each wrapped
// in the page templates of evalpages_test.go (the rules were tuned on
// these) and evalheldout_test.go (written afterwards, not tuned on). Run
// with -v for the table.
//
// Score: word-level precision and recall of the extracted body against the
// article's body, by the longest common subsequence of the two word
// sequences (lower-cased runs of letters and digits), so a chrome word only
// counts as right where the article has it, in order. The headline is
// scored apart: leading paragraphs equal to the reported title or to the
// true headline are taken off the extracted text first, and the headline
// counts as right when the reported title equals it (case and spacing
// aside); the date when the reported publication date is the article's day.
//
// Extractors: "ours" is Page; "readability" is the library's text
// rendering of its article node; "readability+rules" is that node rendered
// by our extractText and cleaned by our line rules, the way normalize would
// use the library. Wall time is per page, parsing included, the fastest of
// three runs.
func TestReadabilityEval(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation")
	}
	arts := loadEvalArticles(t)
	extractors := []evalExtractor{
		{"ours", extractOurs},
		{"readability", extractReadability(false)},
		{"readability+rules", extractReadability(true)},
	}
	type key struct{ ex, tmpl string }
	totals := map[key]*evalScore{}
	for _, tmpl := range evalTemplates {
		for _, a := range arts {
			page := []byte(tmpl.render(a))
			for _, ex := range extractors {
				// the fastest of three runs: the machine is shared
				var got evalResult
				var err error
				elapsed := time.Duration(1<<63 - 1)
				for range 3 {
					start := time.Now()
					got, err = ex.run(page, a.url)
					elapsed = min(elapsed, time.Since(start))
				}
				if err != nil {
					t.Errorf("%s on %s/%s: %v", ex.name, tmpl.name, a.stem, err)
				}
				s := scoreExtraction(a, got)
				s.wall = elapsed
				keys := []key{{ex.name, tmpl.name}, {ex.name, "all"}, {ex.name, "tuned"}}
				if tmpl.heldOut {
					keys[2] = key{ex.name, "held-out"}
				}
				for _, k := range keys {
					if totals[k] == nil {
						totals[k] = &evalScore{}
					}
					totals[k].add(s)
				}
				if testing.Verbose() && s.f1() < 0.8 {
					t.Logf("low: %s on %s/%s: P %.3f R %.3f", ex.name, tmpl.name, a.stem, s.precision(), s.recall())
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s %-12s %6s %6s %6s %9s %6s %8s\n", "extractor", "template", "P", "R", "F1", "headline", "date", "ms/page")
	names := []string{}
	for _, tm := range evalTemplates {
		names = append(names, tm.name)
	}
	names = append(names, "tuned", "held-out", "all")
	for _, ex := range extractors {
		for _, tn := range names {
			s := totals[key{ex.name, tn}]
			fmt.Fprintf(&b, "%-18s %-12s %6.3f %6.3f %6.3f %5d/%-3d %3d/%-3d %8.2f\n", ex.name, tn, s.precision(), s.recall(), s.f1(),
				s.headlines, s.pages, s.dates, s.pages, float64(s.wallTotal.Microseconds())/1000/float64(s.pages))
		}
	}
	t.Log("\n" + b.String())
	// Floors for the extractor normalize uses: a regression in clutter
	// removal shows here before it shows in a golden file.
	ours := totals[key{"ours", "all"}]
	if ours.f1() < 0.97 || ours.headlines*10 < ours.pages*9 || ours.dates != ours.pages {
		t.Errorf("ours: F1 %.3f, headlines %d/%d, dates %d/%d; want F1 ≥ 0.97, ≥ 90%% headlines, every date",
			ours.f1(), ours.headlines, ours.pages, ours.dates, ours.pages)
	}
}

// evalExtractor turns a page into text, title and date.
type evalExtractor struct {
	name string
	run  func(page []byte, pageURL string) (evalResult, error)
}

type evalResult struct {
	text, title string
	published   time.Time
}

func extractOurs(page []byte, _ string) (evalResult, error) {
	d, err := Page(bytes.NewReader(page), "text/html; charset=utf-8")
	return evalResult{text: d.Text, title: d.Title, published: d.Published}, err
}

func extractReadability(rules bool) func([]byte, string) (evalResult, error) {
	return func(page []byte, pageURL string) (evalResult, error) {
		u, err := url.Parse(pageURL)
		if err != nil {
			return evalResult{}, err
		}
		art, err := readability.FromReader(bytes.NewReader(page), u)
		if err != nil {
			return evalResult{}, err
		}
		r := evalResult{title: art.Title()}
		if t, err := art.PublishedTime(); err == nil {
			r.published = t.UTC()
		}
		if art.Node == nil {
			return r, nil
		}
		if rules {
			r.text = normalizeText(extractText(art.Node, art.Node), hints{}).Text
		} else {
			var buf bytes.Buffer
			if err := art.RenderText(&buf); err != nil {
				return r, err
			}
			r.text = buf.String()
		}
		return r, nil
	}
}

// evalScore sums the measures of several pages.
type evalScore struct {
	common, got, want int // words: in the LCS, extracted, in the article
	headlines, dates  int
	pages             int
	wall, wallTotal   time.Duration
}

func (s *evalScore) add(o evalScore) {
	s.common += o.common
	s.got += o.got
	s.want += o.want
	s.headlines += o.headlines
	s.dates += o.dates
	s.pages++
	s.wallTotal += o.wall
}

func (s evalScore) precision() float64 { return ratio(s.common, s.got) }
func (s evalScore) recall() float64    { return ratio(s.common, s.want) }
func (s evalScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func scoreExtraction(a evalArticle, r evalResult) evalScore {
	paras := strings.Split(strings.ReplaceAll(r.text, "\r\n", "\n"), "\n\n")
	for i := 0; i < 2 && len(paras) > 0; i++ {
		first := sameText(paras[0], r.title) || sameText(paras[0], a.headline)
		if !first && strings.TrimSpace(paras[0]) != "" {
			break
		}
		paras = paras[1:]
	}
	got := evalWords(strings.Join(paras, "\n"))
	want := evalWords(strings.Join(a.paras, "\n"))
	s := evalScore{common: lcsLen(got, want), got: len(got), want: len(want)}
	if sameText(r.title, a.headline) {
		s.headlines = 1
	}
	if !r.published.IsZero() && r.published.UTC().Format("2006-01-02") == a.date.Format("2006-01-02") {
		s.dates = 1
	}
	return s
}

func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// evalWords returns the lower-cased runs of letters and digits of s.
func evalWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// lcsLen is the length of the longest common subsequence of a and b.
func lcsLen(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// loadEvalArticles reads ../shared/realtext/texts: the URL on line 1, the
// date on line 2, then one paragraph a line. The first paragraph is the
// headline when it reads like one (at most 16 words, no sentence end, no
// year); otherwise the headline is made from the URL's slug.
func loadEvalArticles(t *testing.T) []evalArticle {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/realtext/texts/*.txt")
	if len(files) == 0 {
		t.Skip("no ../shared/realtext")
	}
	sort.Strings(files)
	var arts []evalArticle
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, strings.TrimSpace(sc.Text()))
		}
		if len(lines) < 4 {
			t.Fatalf("%s: too short", f)
		}
		date, err := time.Parse("2006-01-02", lines[1])
		if err != nil {
			t.Fatalf("%s: date: %v", f, err)
		}
		a := evalArticle{stem: strings.TrimSuffix(filepath.Base(f), ".txt"), url: lines[0], date: date}
		for _, l := range lines[3:] {
			if l != "" {
				a.paras = append(a.paras, l)
			}
		}
		if looksLikeHeadline(a.paras[0]) {
			a.headline, a.paras = a.paras[0], a.paras[1:]
		} else {
			a.headline = slugHeadline(a.url)
		}
		arts = append(arts, a)
	}
	return arts
}

func looksLikeHeadline(s string) bool {
	if len(strings.Fields(s)) > 16 || strings.ContainsAny(s[len(s)-1:], ".!?") ||
		strings.HasSuffix(s, ".”") || strings.HasSuffix(s, ".\"") {
		return false
	}
	for _, w := range evalWords(s) {
		if len(w) == 4 && isDigits(w) {
			return false
		}
	}
	return true
}

// slugHeadline makes a headline of the words of a URL's last slug.
func slugHeadline(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "News"
	}
	best := ""
	for _, seg := range strings.Split(u.Path, "/") {
		seg = strings.TrimSuffix(seg, filepath.Ext(seg))
		if strings.Count(seg, "-")+strings.Count(seg, "_") > strings.Count(best, "-")+strings.Count(best, "_") {
			best = seg
		}
	}
	var ws []string
	for _, w := range strings.FieldsFunc(best, func(r rune) bool { return r == '-' || r == '_' }) {
		if isDigits(w) {
			continue
		}
		ws = append(ws, strings.ToUpper(w[:1])+w[1:])
	}
	if len(ws) < 3 {
		return "Statement on " + u.Host
	}
	return strings.Join(ws, " ")
}

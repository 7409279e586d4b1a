package web_test

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kriya/internal/media"
	"kriya/internal/store"
)

// Browser journeys: Debian's Chromium, driven by chromedp, walks what
// buyers, artisans and staff do, through the real router on httptest, at a
// phone's and a desktop's size. Every page it reaches is checked for
// accessibility (a11y.js), and every step leaves a screenshot in
// /screenshots/ at the repository root (git-ignored), named
// journey-size-step.png, to look at.
//
// A journey is a func of a tour (add one to TestBrowserJourneys' list);
// its people (tour.person) each have their own browser profile, so their
// own cookies, and share the helpers below: open, follow, load, login,
// typeIn, choose, set, click, upload, see, shot, and for the keyboard
// skipToContent, tabTo, press and pressToLoad. Every page they load is
// checked and photographed.

// screen is a viewport the journeys are walked at.
type screen struct {
	name          string
	width, height int64
	mobile        bool // a phone: mobile viewport rules and touch
}

var (
	phone      = screen{name: "phone", width: 390, height: 844, mobile: true}
	desktop    = screen{name: "desktop", width: 1280, height: 800}
	smallPhone = screen{name: "phone360", width: 360, height: 780, mobile: true} // the narrowest phones artisans carry
	screens    = []screen{phone, desktop, smallPhone}
)

// journey is something people do on the site, from start to end, at
// each of its screens (phone and desktop unless it names others).
type journey struct {
	name    string
	walk    func(tr *tour)
	screens []screen
}

// walkedAt reports whether the journey is walked at sc.
func (j journey) walkedAt(sc screen) bool {
	if j.screens == nil {
		return sc == phone || sc == desktop
	}
	return slices.Contains(j.screens, sc)
}

// stepTimeout bounds each browser action, so a missing element fails the
// step with its name instead of hanging the test.
const stepTimeout = 30 * time.Second

//go:embed testdata/a11y.js
var a11yScript string

// chromium finds the browser: Debian's package installs /usr/bin/chromium.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: the browser journeys cannot run (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium): skipping the browser journeys")
	return ""
}

// startBrowser starts one headless Chromium for the test, with a fresh
// profile and nothing that reaches the network on its own.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // as root, in a container
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return browser
}

// screenshotDir is /screenshots/ at the repository root.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// walkJourneys walks each journey at each screen size, each on a new site
// (SQLite) in the same browser.
func walkJourneys(t *testing.T, journeys []journey) {
	browser := startBrowser(t)
	shots := screenshotDir(t)
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, j := range journeys {
				if !j.walkedAt(sc) {
					continue
				}
				t.Run(j.name, func(t *testing.T) {
					old, _ := filepath.Glob(filepath.Join(shots, j.name+"-"+sc.name+"-*.png"))
					for _, f := range old {
						os.Remove(f)
					}
					s := newSite(t, store.SQLite)
					photograph(t, s)
					j.walk(&tour{t: t, site: s, journey: j.name, screen: sc, browser: browser, shots: shots})
				})
			}
		})
	}
}

// tour is one journey walked at one screen size on one site.
type tour struct {
	t       *testing.T
	site    *site
	journey string
	screen  screen
	browser context.Context
	shots   string
	step    int // numbers the screenshots in the journey's order
}

// person is someone on the site, in a tab of their own browser profile.
type person struct {
	*tour
	name string
	ctx  context.Context
}

// person opens a tab for someone new, at the tour's screen size.
func (tr *tour) person(name string) *person {
	tr.t.Helper()
	ctx, cancel := chromedp.NewContext(tr.browser, chromedp.WithNewBrowserContext())
	tr.t.Cleanup(cancel)
	// The tab belongs to the context of the first action on it, so that
	// one gets the person's context itself, not one with a step's timeout.
	if err := chromedp.Do(ctx); err != nil {
		tr.t.Fatalf("opening a tab for %s: %v", name, err)
	}
	opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if tr.screen.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	} else {
		opts = append(opts, chromedp.EmulateLandscape)
	}
	p := &person{tour: tr, name: name, ctx: ctx}
	p.run("opening a tab", chromedp.EmulateViewport(tr.screen.width, tr.screen.height, opts...))
	return p
}

// fail stops the journey, with a screenshot of where it stopped.
func (p *person) fail(what string, err error) {
	p.t.Helper()
	p.shot("failed")
	loc, _ := p.value(`location.pathname + location.search`)
	p.t.Fatalf("%s, %s at %s: %v", p.name, what, loc, err)
}

// run does browser actions that stay on the page.
func (p *person) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.fail(what, err)
	}
}

// value evaluates a JavaScript expression on the page.
func (p *person) value(expr string) (string, error) {
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](expr))
}

// load does what leads to a new page (a click, Enter, a navigation),
// waits for it, wants its status, checks it and takes its screenshot.
func (p *person) load(step string, status int64, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		p.fail(step, err)
	}
	if res.Status != status {
		body, _ := p.value(`document.querySelector("main") ? document.querySelector("main").innerText : document.body.innerText`)
		p.fail(step, fmt.Errorf("status %d, want %d; the page says: %.400s", res.Status, status, body))
	}
	p.checkPage()
	p.shot(step)
}

// open goes to a path of the site.
func (p *person) open(step, path string) {
	p.t.Helper()
	p.load(step, 200, chromedp.Navigate(p.site.url+path))
}

// follow clicks a link or a button that leads to a new page.
func (p *person) follow(step, selector string) {
	p.t.Helper()
	p.load(step, 200, chromedp.Click(chromedp.CSS(selector)))
}

// download clicks a link that downloads a file, waits until the file is
// in the person's downloads, and returns its path: what they would open
// next. The step's screenshot is of the page the link was on.
func (p *person) download(step, selector string) string {
	p.t.Helper()
	dir := p.t.TempDir()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	enable := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		events := true
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
			BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID})
		return err
	})
	if err := chromedp.Do(ctx, enable, chromedp.Click(chromedp.CSS(selector))); err != nil {
		p.fail(step, err)
	}
	p.shot(step)
	for ev, err := range progress {
		switch {
		case err != nil:
			p.fail(step+": waiting for the file", err)
		case ev.State == browser.DownloadProgressStateCompleted:
			return filepath.Join(dir, ev.GUID)
		case ev.State == browser.DownloadProgressStateCanceled:
			p.fail(step, errors.New("the browser cancelled the download"))
		}
	}
	p.fail(step, errors.New("no file came"))
	return ""
}

// typeIn types into a text field, key by key, as a person does.
func (p *person) typeIn(selector, text string) {
	p.t.Helper()
	p.run("typing into "+selector,
		chromedp.WaitVisible(chromedp.CSS(selector)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(selector))),
		chromedp.SendKeys(chromedp.CSS(selector), text))
}

// choose picks the option of a select whose text contains label.
func (p *person) choose(selector, label string) {
	p.t.Helper()
	value, err := p.value(fmt.Sprintf(`[...document.querySelector(%s).options].find(o => o.text.includes(%s)).value`, jsString(selector), jsString(label)))
	if err != nil {
		p.fail(fmt.Sprintf("finding %q in %s", label, selector), err)
	}
	p.set(selector, value)
}

// set gives a field its value directly: for selects and date fields,
// whose typing depends on the browser's locale.
func (p *person) set(selector, value string) {
	p.t.Helper()
	p.run("setting "+selector, chromedp.SetValue(chromedp.CSS(selector), value))
}

// click clicks something that stays on the page: a radio, a checkbox.
func (p *person) click(selector string) {
	p.t.Helper()
	p.run("clicking "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// upload attaches a file to a file field.
func (p *person) upload(selector, path string) {
	p.t.Helper()
	p.run("attaching to "+selector, chromedp.SetUploadFiles(chromedp.CSS(selector), []string{path}))
}

// see wants texts on the page.
func (p *person) see(texts ...string) {
	p.t.Helper()
	body, err := p.value(`document.body.innerText`)
	if err != nil {
		p.fail("reading the page", err)
	}
	for _, s := range texts {
		if !strings.Contains(body, s) {
			p.fail("looking for "+s, fmt.Errorf("not on the page: %.600s", body))
		}
	}
}

// login signs in through the login form.
func (p *person) login(email, password string) {
	p.t.Helper()
	p.open(p.name+"-login", "/login")
	p.typeIn("#f-email", email)
	p.typeIn("#f-password", password)
	p.load(p.name+"-signed-in", 200, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)))
}

// shot saves a screenshot of the whole page: journey-size-NN-step.png.
func (p *person) shot(step string) {
	p.t.Helper()
	p.step++
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot of %s: %v", step, err)
		return
	}
	name := fmt.Sprintf("%s-%s-%02d-%s.png", p.journey, p.screen.name, p.step, step)
	if err := os.WriteFile(filepath.Join(p.shots, name), png, 0o644); err != nil {
		p.t.Error(err)
	}
}

// checkPage runs the accessibility checks of a11y.js on the page (every
// form field has a label, every image a text alternative, every text its
// contrast) and wants the page to fit the screen's width. Problems fail
// the test but let the journey go on, so that one run shows them all.
func (p *person) checkPage() {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
	if err != nil {
		p.fail("checking accessibility", err)
	}
	// Reflow (WCAG 2.2, 1.4.10): nothing makes the page scroll sideways;
	// a wide table scrolls in its own box.
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
	if err != nil {
		p.fail("measuring the page", err)
	}
	if wide > p.screen.width {
		problems = append(problems, fmt.Sprintf("the page scrolls sideways: %d px wide on a %d px screen", wide, p.screen.width))
	}
	if len(problems) > 0 {
		loc, _ := p.value(`location.pathname`)
		p.t.Errorf("%s at %s (%s): %d accessibility problems:\n\t%s", p.name, loc, p.screen.name, len(problems), strings.Join(problems, "\n\t"))
	}
}

// focus is what has the keyboard's focus.
type focus struct {
	Match   bool   `json:"match"`   // it is what the person is tabbing to
	Visible bool   `json:"visible"` // it shows a focus ring
	Desc    string `json:"desc"`
}

func (p *person) focused(selector string) focus {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[focus](fmt.Sprintf(`(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return {match: false, visible: false, desc: "nothing"};
		const cs = getComputedStyle(el);
		return {
			match: el.matches(%s),
			visible: el.matches(":focus-visible") && cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
			desc: el.outerHTML.slice(0, 120),
		};
	})()`, jsString(selector))))
	if err != nil {
		p.fail("reading the focus", err)
	}
	return f
}

// tabTo presses Tab until selector has the focus, and wants every element
// the focus passes on the way to show it.
func (p *person) tabTo(selector string) {
	p.t.Helper()
	const most = 80
	f := p.focused(selector)
	for n := 0; !f.Match; n++ {
		if n == most {
			p.fail("tabbing to "+selector, fmt.Errorf("not reached in %d presses of Tab", most))
		}
		p.press(kb.Tab)
		if f = p.focused(selector); !f.Visible {
			p.t.Errorf("%s: the keyboard focus is not visible on %s", p.name, f.Desc)
		}
	}
}

// press presses keys (or types text) on whatever has the focus.
func (p *person) press(keys string) {
	p.t.Helper()
	p.run("pressing keys", chromedp.KeyEvent(keys))
}

// pressToLoad presses keys that lead to a new page, such as Enter on a
// link or a button.
func (p *person) pressToLoad(step, keys string) {
	p.t.Helper()
	p.load(step, 200, chromedp.KeyEvent(keys))
}

// skipToContent uses the skip link, the first stop of Tab on every page,
// to jump over the header to the page's main content.
func (p *person) skipToContent() {
	p.t.Helper()
	p.press(kb.Tab)
	if f := p.focused("a.skip"); !f.Match || !f.Visible {
		p.fail("skipping to the content", fmt.Errorf("the first Tab focused %s (visible: %v), not the skip link", f.Desc, f.Visible))
	}
	p.press(kb.Enter)
	if f := p.focused("main"); !f.Match {
		p.fail("skipping to the content", errors.New("Enter on the skip link did not move the focus to main"))
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// orderNumber is the order number in a page's path.
var orderNumber = regexp.MustCompile(`KR-[0-9A-Z-]+`)

// photograph stores photos for the fixture's products, which name images
// that the test catalog does not put on disk, so that pages show pictures
// (and the check that every image loads holds).
func photograph(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	for _, slug := range []string{"cincin-jawan"} {
		p, err := s.store.ProductBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, img := range p.Images {
			for _, size := range []int{media.Thumb, media.Large} {
				if err := s.files.Put(ctx, media.VariantKey(img.Key, size), bytes.NewReader(jpegBytes(t, size, color.RGBA{190, 190, 200, 255}))); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// jpegBytes is a square JPEG of a shaded colour.
func jpegBytes(t *testing.T, size int, c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for x := range size {
		for y := range size {
			k := uint8((x + y) * 60 / (2 * size))
			img.Set(x, y, color.RGBA{c.R - k, c.G - k, c.B - k, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegFile writes a photo to upload.
func jpegFile(t *testing.T, name string, c color.RGBA) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, jpegBytes(t, 600, c), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The accessibility checks find what they look for: on a page with one
// problem of each kind, each is reported, and nothing that is right.
func TestAccessibilityChecksFindProblems(t *testing.T) {
	browser := startBrowser(t)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><body style="background:#fff;color:#222">
<label for="ok">Name</label><input id="ok">
<label>Wrapped <input name="wrapped"></label>
<input aria-label="Search" type="search"><input type="hidden" name="token"><button type="submit">Go</button>
<span id="qty">Quantity</span><input aria-labelledby="qty" name="qty">
<input name="nameless"><select name="size"><option>6</option></select><textarea name="story"></textarea>
<a href="/p"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="">Silver ring</a>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="">
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
<span role="img"></span><img src="/missing.png" alt="Missing photo">
<p>Readable</p><p style="color:#999">Too light</p><p style="color:#777;font-size:30px">Large enough</p>
<p style="position:absolute;width:1px;height:1px;overflow:hidden;color:#eee">Screen readers only</p>
</body></html>`)
	}))
	defer page.Close()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(page.URL)); err != nil {
		t.Fatal(err)
	}
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{
		`form field without a label: input[name="nameless"]`,
		`form field without a label: select[name="size"]`,
		`form field without a label: textarea[name="story"]`,
		"image with an empty alt that nothing else names",
		"image without alt",
		`role="img" without aria-label`,
		`"Too light"`,
		"image that does not load: /missing.png",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the checks missed %q; they found:\n%s", want, got)
		}
	}
	if len(problems) != 8 {
		t.Errorf("%d problems found, want 8:\n%s", len(problems), got)
	}
}

// Accessibility checks that the browser journeys run on every page they
// reach (browser_test.go). The value is a list of problems, empty when the
// page passes.
(() => {
  const problems = [];
  const text = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) return s + "#" + el.id;
    if (el.getAttribute("name")) return s + '[name="' + el.getAttribute("name") + '"]';
    if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).join(".");
    return s;
  };

  // Every field a person fills has a name read out with it: a <label> (for=
  // or wrapping), aria-label, or aria-labelledby pointing at text.
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(el.type)) continue;
    const byLabel = [...(el.labels || [])].some((l) => text(l) !== "");
    const byAria = (el.getAttribute("aria-label") || "").trim() !== "";
    const byRef = (el.getAttribute("aria-labelledby") || "").split(/\s+/)
      .some((id) => id && document.getElementById(id) && text(document.getElementById(id)) !== "");
    if (!byLabel && !byAria && !byRef) problems.push("form field without a label: " + describe(el));
  }

  // Every image says what it shows. alt="" (decorative) is accepted only
  // where the image sits in a link or button whose own text already names
  // the same thing, as a product card's photo beside its title: read out,
  // the alt would only repeat the title.
  for (const img of document.querySelectorAll("img")) {
    const alt = img.getAttribute("alt");
    const src = (img.getAttribute("src") || "").slice(0, 80);
    if (alt === null) {
      problems.push("image without alt: " + src);
    } else if (alt.trim() === "") {
      const control = img.closest("a, button");
      if (!control || text(control) === "") problems.push("image with an empty alt that nothing else names: " + src);
    }
    if (img.complete && img.naturalWidth === 0) problems.push("image that does not load: " + src);
  }
  for (const el of document.querySelectorAll('[role="img"]')) {
    if ((el.getAttribute("aria-label") || "").trim() === "") problems.push('role="img" without aria-label: ' + describe(el));
  }

  // Text contrast as drawn (WCAG 2.2, 1.4.3): 4.5:1, or 3:1 for large text,
  // of each element's own text on the background behind it.
  const rgba = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => top.slice(0, 3).map((c, i) => c * top[3] + below[i] * (1 - top[3])).concat(1);
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((below, c) => over(c, below), [255, 255, 255, 1]);
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg, script, style, option, datalist")) continue;
    if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "")) continue;
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Not drawn, or drawn for screen readers only (.visually-hidden).
    if (cs.display === "none" || cs.visibility === "hidden" || box.width <= 1 || box.height <= 1) continue;
    const bg = backdrop(el);
    const fg = over(rgba(cs.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const need = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700) ? 3 : 4.5;
    if (ratio < need) {
      problems.push(`text contrast ${ratio.toFixed(2)}:1, want ${need}:1: ${describe(el)} "${text(el).slice(0, 40)}" ` +
        `(${cs.color} on rgb(${bg.slice(0, 3).map(Math.round).join(", ")}))`);
    }
  }
  return problems;
})()

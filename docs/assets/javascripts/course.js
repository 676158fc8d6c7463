/* The language selector keeps the reader's place. Each language link already points to
   the same page in that language (mkdocs-static-i18n); this adds the section the reader
   is on (navigation.tracking keeps it in the address), so switching language lands on
   the same section. Material's own handler is kept out: it looks the page up in a
   sitemap.xml next to each page, which static-i18n does not write, and then falls back
   to the link without the section. */
document.addEventListener(
  "click",
  function (event) {
    var link = event.target.closest ? event.target.closest(".md-select a[hreflang]") : null;
    if (!link || event.metaKey || event.ctrlKey) return;
    event.stopPropagation();
    if (!window.location.hash) return;
    var url = new URL(link.getAttribute("href"), window.location.href);
    url.hash = window.location.hash;
    link.setAttribute("href", url.pathname + url.search + url.hash);
  },
  true
);

/* Material looks up a sitemap.xml below each <link rel="alternate"> of the page, for
   its own language handler, kept out above. Those links name the published address
   (search engines ignore relative hreflang links), so on any other host, a preview or
   a copy, the lookups would leave the site. They are answered here with an empty
   sitemap: nothing is fetched, and nothing is lost. Material asks through
   XMLHttpRequest; this runs before it does, when the page's scripts have loaded. */
(function () {
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    if (/\/sitemap\.xml$/.test(new URL(String(url), window.location.href).pathname)) {
      args[1] = "data:application/xml,%3Curlset%2F%3E";
    }
    return open.apply(this, args);
  };
})();

/* Two fixes to what Material adds to a page once it has loaded. Code annotations: it
   draws each marker's number with CSS, so the marker's link has no name a screen
   reader can say; it is named after its number. Wide tables: Material wraps them in a
   region that scrolls sideways, which the keyboard must be able to reach. Both are
   applied as Material makes them (while the page loads, and for two seconds after). */
(function () {
  function fix() {
    document.querySelectorAll("a.md-annotation__index:not([aria-label])").forEach(function (a) {
      var id = a.querySelector("[data-md-annotation-id]");
      a.setAttribute("aria-label", "(" + (id ? id.getAttribute("data-md-annotation-id") : "") + ")");
    });
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (div) {
      div.setAttribute("tabindex", "0");
    });
  }
  var observer = new MutationObserver(fix);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", function () {
    setTimeout(function () {
      fix();
      observer.disconnect();
    }, 2000);
  });
})();

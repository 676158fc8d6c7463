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

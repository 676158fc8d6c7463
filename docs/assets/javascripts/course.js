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

/* Glossary terms on lesson pages (sitebuild/glossary_tips.py) link to their entry; their
   definitions, in the page's language, are in glossary/tips.json beside that entry's
   page, fetched once. Hovering a term or reaching it with the keyboard shows its
   definition below it, as text, and names it as the link's description for screen
   readers; moving away or Escape hides it. */
(function () {
  var files = {};
  var shown = null;

  function definitions(link) {
    var address = new URL("tips.json", link.href).href;
    if (!files[address]) {
      files[address] = fetch(address)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return files[address];
  }

  function hide() {
    if (!shown) return;
    shown.link.removeAttribute("aria-describedby");
    shown.box.remove();
    shown = null;
  }

  function show(link) {
    definitions(link).then(function (texts) {
      var text = texts[decodeURIComponent(link.hash.slice(1))];
      if (!text || !link.matches(":hover, :focus")) return;
      hide();
      var box = document.createElement("div");
      box.className = "glossary-tip";
      box.id = "glossary-tip";
      box.setAttribute("role", "tooltip");
      box.textContent = text;
      document.body.appendChild(box);
      var at = link.getBoundingClientRect();
      var left = Math.min(at.left, document.documentElement.clientWidth - box.offsetWidth - 8);
      box.style.left = Math.max(8, left) + window.scrollX + "px";
      box.style.top = at.bottom + window.scrollY + 6 + "px";
      link.setAttribute("aria-describedby", box.id);
      shown = { link: link, box: box };
    });
  }

  function term(event) {
    return event.target.closest ? event.target.closest("a.glossary-term") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = term(event);
    if (link && (!shown || shown.link !== link)) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (shown && term(event) === shown.link && !shown.link.contains(event.relatedTarget)) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = term(event);
    if (link) show(link);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (shown && event.target === shown.link) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})();

// Small progressive enhancements; the pages work without JavaScript. No inline scripts (CSP).
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-egide-switcher] select, .language-switcher select");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// A form sent with htmx and refused with 400 comes back with its errors: show them in place.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

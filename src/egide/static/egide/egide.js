// Small progressive enhancements; the pages work without JavaScript. No inline scripts (CSP).
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-egide-switcher] select, .language-switcher select");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

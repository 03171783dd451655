// Progressive enhancement only: every page works without this file.
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
  import('/static/govuk-frontend.min.js').then((govuk) => govuk.initAll());
}

// A StreamField's errors are drawn by Wagtail's JavaScript once the editor has started:
// each in its field's error box (id "<field id>-errors"), after the tabs have counted
// their errors (wagtail/wagtail#12823) and without naming the box in the field's
// aria-describedby. Once they are drawn, this names each box in its field's
// aria-describedby, so a screen reader reads the error with the field, and has the tabs
// count again, so a tab holding only block errors says so.
window.addEventListener('load', () => {
  for (const box of document.querySelectorAll('[data-field-errors][id$="-errors"]')) {
    const control = document.getElementById(box.id.replace(/-errors$/, ''));
    if (!box.textContent.trim() || !control || control.getAttribute('aria-invalid') !== 'true') continue;
    const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (!ids.includes(box.id)) control.setAttribute('aria-describedby', [...ids, box.id].join(' '));
  }
  const app = window.wagtail && window.wagtail.app;
  if (!app) return;
  for (const counter of document.querySelectorAll('[data-controller~="w-count"]')) {
    const controller = app.getControllerForElementAndIdentifier(counter, 'w-count');
    if (controller) controller.count();
  }
});

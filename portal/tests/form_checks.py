"""What the browser sweeps of forms check on a page, as JavaScript for Playwright's
`page.evaluate`: the public and account forms (test_forms_browser.py), the admin's
(test_admin_forms_browser.py) and a feature's own form through `submit_empty`."""

# A date or time input whose value the browser rejects shows nothing in its picker: one
# that starts on a value it cannot show, or holds a value it finds invalid (an empty
# required one is the server's to refuse, and is not counted here).
REJECTED_DATES = """() => [...document.querySelectorAll(
    'input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=week]')]
  .filter((input) => (input.getAttribute('value') && !input.value) || input.validity.badInput
    || (input.value && !input.validity.valid))
  .map((input) => `${input.name}="${input.getAttribute('value')}" is rejected by the browser`)"""

# Each field marked invalid must have its error inside the field's wrapper (its
# ancestors up to the first that holds another field), in the site's error box
# (`.field-error`, Django's `.errorlist`) or Wagtail's (`[data-field-errors]`,
# `.error-message`), and its aria-describedby must name the element holding that error
# (radio buttons and checkboxes in a fieldset are described by its legend and the error
# in it); a field on a tab that is not shown must have its tab say it holds errors. Every
# error must sit in a field's wrapper: an error away from any field is far from the field
# it is about (a form's own errors, about no one field, excepted). A StreamField's block
# errors are drawn by Wagtail's JavaScript and mark no control invalid; the second rule
# checks them. Given a form's index among the main content's forms, it looks in that
# form; given null, in the whole main content (the page an empty form led to).
ERRORS_BESIDE_FIELDS = """(index) => {
  const root = index === null ? document.querySelector('main') : document.querySelectorAll('main form')[index];
  const fields = 'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea';
  const wrapperOf = (control) => {
    let wrapper = control;
    while (wrapper.parentElement && wrapper.parentElement !== root && wrapper.parentElement.tagName !== 'FORM') {
      const names = new Set([...wrapper.parentElement.querySelectorAll(fields)].map((el) => el.name));
      if (names.size > 1) break;
      wrapper = wrapper.parentElement;
    }
    return wrapper;
  };
  const errorSelector = '[data-field-errors], .error-message, .errorlist, .field-error, [id$=_error]';
  const formErrors = '.nonfield, .nonform, .non-field-errors, .help-block.help-critical';
  const outermost = (errors) => errors.filter((e) => !errors.some((other) => other !== e && other.contains(e)));
  const errorsIn = (element) => outermost([...element.querySelectorAll(errorSelector)].filter((e) => e.textContent.trim()));
  const problems = [];
  const invalid = [...root.querySelectorAll('[aria-invalid=true]')].filter((el) => el.matches(fields));
  for (const control of invalid) {
    const errors = errorsIn(wrapperOf(control));
    if (!errors.length) {
      problems.push(`${control.name}: its error is not beside it`);
      continue;
    }
    const ids = (control.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const missing = ids.filter((id) => !document.getElementById(id));
    if (missing.length) problems.push(`${control.name}: aria-describedby names no element: ${missing}`);
    const grouped = control.matches('input[type=radio], input[type=checkbox]') && control.closest('fieldset');
    const described = ids.map((id) => document.getElementById(id))
      .filter((el) => el && errors.some((e) => e === el || el.contains(e) || e.contains(el)));
    if (!grouped && !described.length) problems.push(`${control.name}: aria-describedby does not name its error`);
    const panel = control.closest('[role=tabpanel]');
    if (panel && panel.hidden) {
      const tab = document.querySelector(`[role=tab][aria-controls="${panel.id}"]`);
      if (!tab || !/\\d/.test(tab.querySelector('[data-w-tabs-target=errors], .w-tabs__errors')?.textContent || '')) {
        problems.push(`${control.name}: its tab does not say it holds an error`);
      }
    }
  }
  for (const error of errorsIn(root)) {
    if (error.closest(formErrors)) continue;
    let wrapper = error.parentElement;
    while (wrapper && wrapper !== root && !wrapper.querySelector(fields)) wrapper = wrapper.parentElement;
    if (!wrapper || wrapper === root) problems.push(`an error away from any field: "${error.textContent.trim().slice(0, 80)}"`);
  }
  return {problems, invalid: invalid.length, shown: errorsIn(root).length};
}"""

// The portal's request form, progressively enhanced (no inline script: CSP). Without JavaScript every field
// stays visible with a hint; with it, the patient's identity shows only when acting for someone else, and
// the health data consent only for a medical record answered by electronic means.
(() => {
  const form = document.querySelector("[data-portal-form]");
  if (!form) return;
  const patient = form.querySelector("[data-portal-patient]");
  const consent = form.querySelector("[data-portal-consent]");
  const checked = (name) => {
    const input = form.querySelector(`input[name="${name}"]`);
    return Boolean(input && input.checked);
  };
  const update = () => {
    const capacity = form.querySelector('input[name="requester_capacity"]:checked');
    if (patient) patient.hidden = !capacity || capacity.value === "self";
    if (consent) consent.hidden = !(checked("includes_medical_record") && checked("electronic_answer"));
  };
  for (const hint of form.querySelectorAll("[data-portal-hint]")) hint.hidden = true;
  form.addEventListener("change", update);
  update();
})();

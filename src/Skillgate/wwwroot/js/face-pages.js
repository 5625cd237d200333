// Pages with a live face capture (my face enrolment, phone check-in): the capture goes into the form's hidden "face" field and
// the form is submitted; a required consent box must be ticked first.
import { wireFaceCapture } from '/js/face.js';

document.querySelectorAll('[data-face-capture]').forEach((block) => {
  const form = block.closest('form');
  wireFaceCapture(block, async (face) => {
    const { descriptor, real, live } = face;
    form.querySelector('input[name=face]').value = JSON.stringify({ descriptor, real, live });
    if (form.reportValidity()) {
      form.submit();
    }
  });
  block.querySelector('[data-face-start]').addEventListener('click', (e) => {
    if (!form.checkValidity()) {
      e.stopImmediatePropagation();
      form.reportValidity();
    }
  }, { capture: true });
});

// The Print button of the report pages: shown only where script runs, so
// that a page without script offers nothing that does nothing.
document.querySelectorAll("[data-bpets-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

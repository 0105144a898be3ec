// Ticking G-259 cells: a click with Shift held ticks (or unticks) every cell
// between it and the one ticked before, row by row as the grid reads.
// Listening on the document keeps it working after htmx swaps the grid.
(function () {
  var last = null;

  document.addEventListener("click", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("bpets-g259__pick")) {
      return;
    }
    if (event.shiftKey && last && document.body.contains(last)) {
      var boxes = Array.prototype.slice.call(
        document.querySelectorAll(".bpets-g259__pick")
      );
      var from = boxes.indexOf(last);
      var to = boxes.indexOf(box);
      var low = Math.min(from, to);
      var high = Math.max(from, to);
      for (var index = low; index <= high; index += 1) {
        boxes[index].checked = box.checked;
      }
    }
    last = box;
  });
})();

// Zoom and pan for the inline strategic map: buttons, arrow keys, and dragging.
(function () {
  "use strict";
  var figure = document.getElementById("map");
  if (!figure) { return; }
  var svg = figure.querySelector("svg");
  if (!svg) { return; }
  var base = svg.viewBox.baseVal;
  var whole = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: whole.x, y: whole.y, w: whole.w, h: whole.h };

  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  function zoom(factor) {
    var cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    view.w = Math.min(whole.w, view.w * factor); view.h = Math.min(whole.h, view.h * factor);
    view.x = cx - view.w / 2; view.y = cy - view.h / 2; apply();
  }
  function pan(dx, dy) { view.x += dx * view.w; view.y += dy * view.h; apply(); }

  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "in") { zoom(0.7); } else if (how === "out") { zoom(1 / 0.7); }
      else { view = { x: whole.x, y: whole.y, w: whole.w, h: whole.h }; apply(); }
    });
  });
  figure.addEventListener("keydown", function (event) {
    var moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
    if (moves[event.key]) { pan(moves[event.key][0], moves[event.key][1]); event.preventDefault(); }
    if (event.key === "+") { zoom(0.7); } if (event.key === "-") { zoom(1 / 0.7); }
  });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY };
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var rect = svg.getBoundingClientRect();
    pan(-(event.clientX - drag.x) / rect.width, -(event.clientY - drag.y) / rect.height);
    drag = { x: event.clientX, y: event.clientY };
  });
}());

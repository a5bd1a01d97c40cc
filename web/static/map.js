// Zoom and pan for the inline strategic map: buttons, arrow keys, dragging and pinching (touch).
(function () {
  "use strict";
  // On a phone the filters start folded, so that the map is on the first screen.
  var panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 59.99rem)").matches) {
    panel.open = false;
  }
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
  // Pointer events: one finger, pen or mouse drags the map; two fingers pinch to zoom.
  var pointers = {};
  function spread() {
    var ids = Object.keys(pointers);
    if (ids.length < 2) { return 0; }
    var a = pointers[ids[0]], b = pointers[ids[1]];
    return Math.sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y));
  }
  var pinch = 0;
  svg.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    if (svg.setPointerCapture) { try { svg.setPointerCapture(event.pointerId); } catch (e) { /* ignore */ } }
    pinch = spread();
  });
  function release(event) { delete pointers[event.pointerId]; pinch = spread(); }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  svg.addEventListener("pointermove", function (event) {
    var last = pointers[event.pointerId];
    if (!last) { return; }
    var count = Object.keys(pointers).length;
    var rect = svg.getBoundingClientRect();
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    if (count === 1) {
      pan(-(event.clientX - last.x) / rect.width, -(event.clientY - last.y) / rect.height);
    } else if (count === 2 && pinch > 0) {
      var now = spread();
      if (now > 0) { zoom(pinch / now); pinch = now; }
    }
    event.preventDefault();
  });
  // Printing: the whole map, legend included, whatever was zoomed on screen, with no text
  // under 8 pt. A map too large for one A3 sheet at that size is printed in parts, a part a sheet.
  var SHEET = { w: 1500, h: 930 };  // CSS px: A3 landscape less margins and the title block
  var SMALLEST_PT = 8;
  var parts = null;
  function printParts() {
    view = { x: whole.x, y: whole.y, w: whole.w, h: whole.h }; apply();
    if (parts) { return; }
    var sizes = [].map.call(svg.querySelectorAll("text"), function (text) {
      return parseFloat(text.getAttribute("font-size")) || 14;
    });
    var smallest = Math.min.apply(null, sizes.concat([14]));
    var scale = SMALLEST_PT / 0.75 / smallest;  // CSS px per map unit, so the smallest text is 8 pt
    var columns = Math.ceil(whole.w * scale / SHEET.w), rows = Math.ceil(whole.h * scale / SHEET.h);
    if (columns * rows <= 1) { return; }  // it fits: the stylesheet prints the map as it is
    var label = figure.getAttribute("data-part") || "Part";
    parts = document.createElement("div");
    parts.className = "map-parts print-only";
    var w = whole.w / columns, h = whole.h / rows;
    for (var row = 0; row < rows; row += 1) {
      for (var column = 0; column < columns; column += 1) {
        var part = document.createElement("div");
        part.className = "map-part";
        var caption = document.createElement("p");
        caption.textContent = label + " " + (row * columns + column + 1) + " / " + (rows * columns);
        var copy = svg.cloneNode(true);
        copy.removeAttribute("width"); copy.removeAttribute("height");
        copy.setAttribute("viewBox", [whole.x + column * w, whole.y + row * h, w, h].join(" "));
        copy.style.width = Math.ceil(w * scale) + "px";
        copy.style.height = Math.ceil(h * scale) + "px";
        part.appendChild(caption); part.appendChild(copy); parts.appendChild(part);
      }
    }
    figure.classList.add("in-parts");
    figure.parentNode.insertBefore(parts, figure.nextSibling);
  }
  function afterPrint() {
    if (parts) { parts.parentNode.removeChild(parts); parts = null; }
    figure.classList.remove("in-parts");
  }
  window.addEventListener("beforeprint", printParts);
  window.addEventListener("afterprint", afterPrint);
}());

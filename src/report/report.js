(function () {
  // A ▼/▲ on a chart, or a link in the phase list, opens the change or phase it points to.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    for (var d = el; d; d = d.parentElement) { if (d.tagName === 'DETAILS') { d.open = true; } }
    el.scrollIntoView();
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  // Search in the quoted messages: hides the messages that do not contain the words and
  // opens every change or phase that has one that does.
  var box = document.getElementById('msg-search');
  if (!box) { return; }
  box.closest('p').hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll('.evidence li.msg'));
  var status = document.getElementById('msg-status');
  box.addEventListener('input', function () {
    var q = box.value.trim().toLowerCase(), hits = 0;
    items.forEach(function (li) {
      var hit = !q || li.textContent.toLowerCase().indexOf(q) >= 0;
      li.hidden = !hit;
      if (hit && q) { hits++; li.closest('details').open = true; }
    });
    status.textContent = q ? hits + ' matching messages' : '';
  });
})();
(function () {
  // Zoom over the charts that share the time axis (the warmth timelines and the wait chart):
  // drag across any of them, or use the buttons, to show a shorter period; every chart
  // follows. Positions are remapped from the static drawing, so with script off the charts
  // show the whole period, and the dots keep their tooltips.
  var charts = Array.prototype.slice.call(document.querySelectorAll('svg.zoomable'));
  var bars = Array.prototype.slice.call(document.querySelectorAll('.zoombar'));
  if (!charts.length) { return; }
  var d0 = charts[0].dataset;
  var X0 = +d0.x0, X1 = +d0.x1, T0 = +d0.t0, T1 = +d0.t1, W = X1 - X0;
  var DAY = 86400, MIN_SPAN = W * DAY / 2 / (T1 - T0);
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var NS = charts[0].namespaceURI; // the SVG namespace, without a URL in the page
  var view = [X0, X1];
  var moving = [];
  var num = function (el, a) { return parseFloat(el.getAttribute(a)); };
  charts.forEach(function (svg) {
    var plot = svg.querySelector('g.plot');
    plot.querySelectorAll('circle').forEach(function (el) { moving.push({ el: el, kind: 'c', x: num(el, 'cx') }); });
    plot.querySelectorAll('rect').forEach(function (el) { moving.push({ el: el, kind: 'r', x: num(el, 'x'), w: num(el, 'width') }); });
    plot.querySelectorAll('line.marker').forEach(function (el) { moving.push({ el: el, kind: 'l', x: num(el, 'x1') }); });
    plot.querySelectorAll('text.mark').forEach(function (el) { moving.push({ el: el, kind: 't', x: num(el, 'x') }); });
    plot.querySelectorAll('path.line').forEach(function (el) {
      var pts = (el.getAttribute('d').match(/-?[\d.]+,-?[\d.]+/g) || []).map(function (p) { return p.split(',').map(parseFloat); });
      moving.push({ el: el, kind: 'p', pts: pts });
    });
    var g = svg.querySelector('g.ticks');
    svg.ticks = { g: g, html: g.innerHTML, y: svg.viewBox.baseVal.height - 8 };
  });
  // Static x → x in the current view; and back; and static x → seconds.
  var fwd = function (x) { return X0 + (x - view[0]) * W / (view[1] - view[0]); };
  var back = function (x) { return view[0] + (x - X0) * (view[1] - view[0]) / W; };
  var secs = function (x) { return T0 + (x - X0) / W * (T1 - T0); };
  var day = function (t) { return new Date(t * 1000).toISOString().slice(0, 10); };
  function tickTimes(t0, t1) {
    var span = t1 - t0, out = [], steps = [[1, 'd'], [2, 'd'], [7, 'd'], [14, 'd'], [1, 'm'], [2, 'm'], [3, 'm'], [6, 'm'], [12, 'm'], [24, 'm']];
    var step = steps.filter(function (s) { return span / (s[0] * (s[1] === 'd' ? DAY : 30.4 * DAY)) <= 8; })[0] || [60, 'm'];
    var d = new Date(t0 * 1000);
    if (step[1] === 'd') {
      for (var t = Math.ceil(t0 / DAY) * DAY; t <= t1; t += step[0] * DAY) {
        var a = new Date(t * 1000);
        out.push([t, a.getUTCDate() + ' ' + MONTHS[a.getUTCMonth()] + (step[0] >= 7 ? '' : ' ' + a.getUTCFullYear())]);
      }
      return out;
    }
    var m = d.getUTCFullYear() * 12 + d.getUTCMonth() + 1;
    m = Math.ceil(m / step[0]) * step[0];
    for (; ; m += step[0]) {
      var tm = Date.UTC(Math.floor(m / 12), m % 12, 1) / 1000;
      if (tm > t1) { break; }
      out.push([tm, MONTHS[m % 12] + ' ' + Math.floor(m / 12)]);
    }
    return out;
  }
  function drawTicks(svg) {
    var tk = svg.ticks;
    if (view[0] === X0 && view[1] === X1) { tk.g.innerHTML = tk.html; return; }
    tk.g.textContent = '';
    tickTimes(secs(view[0]), secs(view[1])).forEach(function (t, k) {
      var el = document.createElementNS(NS, 'text');
      el.setAttribute('class', k % 2 ? 'axis tick-odd' : 'axis');
      el.setAttribute('x', fwd(X0 + (t[0] - T0) / (T1 - T0) * W).toFixed(1));
      el.setAttribute('y', tk.y);
      el.setAttribute('text-anchor', 'middle');
      el.textContent = t[1];
      tk.g.appendChild(el);
    });
  }
  function draw() {
    moving.forEach(function (m) {
      var el = m.el;
      if (m.kind === 'c') { el.setAttribute('cx', fwd(m.x).toFixed(1)); }
      else if (m.kind === 'r') { var a = fwd(m.x); el.setAttribute('x', a.toFixed(1)); el.setAttribute('width', Math.max(1, fwd(m.x + m.w) - a).toFixed(1)); }
      else if (m.kind === 'l') { el.setAttribute('x1', fwd(m.x).toFixed(1)); el.setAttribute('x2', fwd(m.x).toFixed(1)); }
      else if (m.kind === 't') { el.setAttribute('x', fwd(m.x).toFixed(1)); }
      else { el.setAttribute('d', m.pts.map(function (p, i) { return (i ? 'L' : 'M') + fwd(p[0]).toFixed(1) + ',' + p[1]; }).join(' ')); }
    });
    charts.forEach(drawTicks);
    var whole = view[0] === X0 && view[1] === X1;
    var text = (whole ? 'Showing the whole period, ' : 'Showing ') + day(secs(view[0])) + ' – ' + day(secs(view[1])) +
      (whole ? '' : ' (' + Math.round((secs(view[1]) - secs(view[0])) / DAY) + ' of ' + Math.round((T1 - T0) / DAY) + ' days)');
    bars.forEach(function (b) { b.querySelector('.zoom-status').textContent = text; });
  }
  function zoomTo(a, b) {
    var w = Math.min(W, Math.max(MIN_SPAN, b - a)), mid = (a + b) / 2;
    a = Math.max(X0, Math.min(X1 - w, mid - w / 2));
    view = [a, a + w];
    draw();
  }
  var actions = {
    in: function () { var w = view[1] - view[0]; zoomTo(view[0] + w / 4, view[1] - w / 4); },
    out: function () { var w = view[1] - view[0]; zoomTo(view[0] - w / 2, view[1] + w / 2); },
    earlier: function () { var w = view[1] - view[0]; zoomTo(view[0] - w / 2, view[1] - w / 2); },
    later: function () { var w = view[1] - view[0]; zoomTo(view[0] + w / 2, view[1] + w / 2); },
    all: function () { zoomTo(X0, X1); },
  };
  bars.forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function (e) {
      var act = e.target.closest('button') && e.target.closest('button').dataset.zoom;
      if (act) { actions[act](); }
    });
  });
  // The brush: drag across a chart to zoom into that period.
  charts.forEach(function (svg) {
    var start = null, rect = null;
    var at = function (e) {
      var p = svg.createSVGPoint();
      p.x = e.clientX; p.y = e.clientY;
      return Math.max(X0, Math.min(X1, p.matrixTransform(svg.getScreenCTM().inverse()).x));
    };
    svg.addEventListener('pointerdown', function (e) {
      if (e.button !== 0 || e.target.closest('a')) { return; }
      start = at(e);
      rect = document.createElementNS(NS, 'rect');
      rect.setAttribute('class', 'brush');
      rect.setAttribute('y', 0);
      rect.setAttribute('height', svg.viewBox.baseVal.height - 24);
      rect.setAttribute('x', start);
      rect.setAttribute('width', 0);
      svg.appendChild(rect);
      svg.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    svg.addEventListener('pointermove', function (e) {
      if (start === null) { return; }
      var x = at(e);
      rect.setAttribute('x', Math.min(start, x));
      rect.setAttribute('width', Math.abs(x - start));
    });
    var end = function (e) {
      if (start === null) { return; }
      var x = at(e), a = Math.min(start, x), b = Math.max(start, x);
      svg.removeChild(rect);
      start = null;
      if (b - a >= 4) { zoomTo(back(a), back(b)); }
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', function () { if (start !== null) { svg.removeChild(rect); } start = null; });
  });
  draw();
})();

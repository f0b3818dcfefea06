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

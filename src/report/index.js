(function () {
  // Filters, search, sortable headers and pages of 100 rows for the batch index. Without
  // script the table shows every row in input order.
  var tbody = document.querySelector('#conversations tbody');
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (r) { r.searchText = r.textContent.toLowerCase(); });
  var get = function (id) { return document.getElementById(id); };
  var band = get('f-band'), app = get('f-app'), conf = get('f-conf'), q = get('f-q');
  var size = 100, page = 0, shown = rows;
  get('filters').hidden = false;
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.max(0, Math.min(page, pages - 1));
    var from = page * size, to = from + size;
    rows.forEach(function (r) { r.hidden = true; });
    shown.slice(from, to).forEach(function (r) { r.hidden = false; });
    get('f-status').textContent = shown.length + ' of ' + rows.length + ' conversations';
    get('pager').hidden = pages < 2;
    get('p-text').textContent = 'page ' + (page + 1) + ' of ' + pages;
  }
  function apply() {
    var words = q.value.trim().toLowerCase();
    shown = rows.filter(function (r) {
      return (!band.value || r.dataset.band === band.value) &&
        (!app.value || r.dataset.app === app.value) &&
        (!conf.value || r.dataset.conf === conf.value) &&
        (!words || r.searchText.indexOf(words) >= 0);
    });
    page = 0;
    render();
  }
  [band, app, conf].forEach(function (el) { el.addEventListener('change', apply); });
  q.addEventListener('input', apply);
  get('p-prev').addEventListener('click', function () { page--; render(); });
  get('p-next').addEventListener('click', function () { page++; render(); });
  var heads = Array.prototype.slice.call(document.querySelectorAll('#conversations th[data-sort]'));
  heads.forEach(function (th) {
    var col = th.cellIndex;
    th.querySelector('button').addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var numeric = th.dataset.sort === 'n', dir = asc ? 1 : -1;
      var key = function (r) { var c = r.cells[col]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return dir * (numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y));
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      tbody.appendChild(frag);
      apply();
    });
  });
  render();
})();

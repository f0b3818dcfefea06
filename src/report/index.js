(function () {
  // Filters, search, sortable headers and pages of 100 rows for the batch index. Without
  // script the table shows every row in input order.
  var tbody = document.querySelector('#conversations tbody');
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (r) { r.searchText = r.textContent.toLowerCase(); });
  var get = function (id) { return document.getElementById(id); };
  var band = get('f-band'), app = get('f-app'), conf = get('f-conf'), lang = get('f-lang'), q = get('f-q');
  var size = 100, page = 0, shown = rows, onPage = rows;
  get('filters').hidden = false;
  // Only the rows of the page are shown; only the rows whose state changes are touched, so
  // a batch of 10,000 stays quick.
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.max(0, Math.min(page, pages - 1));
    var from = page * size, to = from + size;
    onPage.forEach(function (r) { r.hidden = true; });
    onPage = shown.slice(from, to);
    onPage.forEach(function (r) { r.hidden = false; });
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
        (!lang.value || r.dataset.lang.indexOf(' ' + lang.value + ' ') >= 0) &&
        (!words || r.searchText.indexOf(words) >= 0);
    });
    page = 0;
    render();
  }
  [band, app, conf, lang].forEach(function (el) { el.addEventListener('change', apply); });
  q.addEventListener('input', apply);
  get('p-prev').addEventListener('click', function () { page--; render(); });
  get('p-next').addEventListener('click', function () { page++; render(); });
  var collator = new Intl.Collator();
  var heads = Array.prototype.slice.call(document.querySelectorAll('#conversations th[data-sort]'));
  heads.forEach(function (th) {
    var col = th.cellIndex;
    th.querySelector('button').addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var numeric = th.dataset.sort === 'n', dir = asc ? 1 : -1;
      var key = function (r) { var c = r.cells[col]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
      var keys = new Map(rows.map(function (r) { var k = key(r); return [r, numeric ? parseFloat(k) : k]; }));
      rows.sort(function (a, b) {
        var x = keys.get(a), y = keys.get(b);
        return dir * (numeric ? x - y : collator.compare(x, y));
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      tbody.appendChild(frag);
      apply();
    });
  });
  render();
  // The rows beyond the first page were held back by the head script's class; from now on
  // paging shows and hides them.
  document.documentElement.classList.remove('paged');
})();

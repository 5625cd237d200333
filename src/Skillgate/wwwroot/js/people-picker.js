// The people picker: fills an employee-number box from people chosen by org unit, position, search or a gap the course closes.
(function () {
  function option(value, text) { var o = document.createElement('option'); o.value = value; o.textContent = text; return o; }
  document.querySelectorAll('[data-people-picker]').forEach(function (picker) {
    var unit = picker.querySelector('[data-picker-unit]');
    var position = picker.querySelector('[data-picker-position]');
    var results = picker.querySelector('[data-picker-results]');
    var add = picker.querySelector('[data-picker-add]');
    var loaded = false;
    picker.addEventListener('toggle', function () {
      if (!picker.open || loaded) { return; }
      loaded = true;
      fetch('/api/v1/org-units').then(function (r) { return r.ok ? r.json() : []; }).then(function (units) {
        units.forEach(function (u) { unit.appendChild(option(u.id, '\u2014'.repeat(u.depth || 0) + ' ' + u.name)); });
      });
      fetch('/api/v1/positions').then(function (r) { return r.ok ? r.json() : []; }).then(function (positions) {
        positions.forEach(function (p) { position.appendChild(option(p.id, p.name + ' (' + p.code + ')')); });
      });
    });
    picker.querySelector('[data-picker-find]').addEventListener('click', function () {
      var query = new URLSearchParams({ orgUnitId: unit.value, positionId: position.value, q: picker.querySelector('[data-picker-q]').value,
        gapOnly: picker.querySelector('[data-picker-gap]').checked });
      ['orgUnitId', 'positionId'].forEach(function (k) { if (!query.get(k)) { query.delete(k); } });
      var select = picker.dataset.courseFrom ? document.getElementById(picker.dataset.courseFrom) : null;
      var course = picker.dataset.course || (select ? select.value : '');
      fetch('/api/v1/courses/' + encodeURIComponent(course) + '/candidates?' + query).then(function (r) { return r.ok ? r.json() : []; }).then(function (people) {
        results.replaceChildren();
        if (people.length === 0) { results.textContent = picker.dataset.textNone; add.classList.add('d-none'); return; }
        people.forEach(function (p, i) {
          var row = document.createElement('div'); row.className = 'form-check';
          var box = document.createElement('input'); box.type = 'checkbox'; box.className = 'form-check-input'; box.checked = true; box.value = p.employeeNo;
          box.id = picker.dataset.target + '-p' + i;
          var label = document.createElement('label'); label.className = 'form-check-label'; label.htmlFor = box.id;
          label.textContent = p.employeeNo + ' ' + p.name + ' · ' + p.orgUnitName + (p.positionName ? ' · ' + p.positionName : '') +
            (p.gaps.length > 0 ? ' · ' + picker.dataset.textGap : '');
          row.append(box, label); results.appendChild(row);
        });
        add.classList.remove('d-none');
      });
    });
    add.addEventListener('click', function () {
      var target = document.getElementById(picker.dataset.target);
      var chosen = Array.from(results.querySelectorAll('input:checked')).map(function (b) { return b.value; });
      var present = target.value.split(/[\s,，;；]+/).filter(Boolean);
      target.value = present.concat(chosen.filter(function (n) { return present.indexOf(n) < 0; })).join(', ');
      target.dispatchEvent(new Event('input'));
    });
  });
})();

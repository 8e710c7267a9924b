// sncheck serve: the result page's question step (templates/questions.html, web/asking.py).
// - Each choice says what it changes: the line under a question follows the chosen option's data-effect.
// - Answers are remembered in this browser only (localStorage, never on the server), under the workbook's
//   header signature, in the mapping file's own shape: {headers: {kind: {header: field|null}},
//   values: {field: {word: code}}, teams: {unit_types: {team: code}}}. The next upload of a workbook with the same headers gets them applied
//   (the form is sent once, marked remembered=1; the page then says so and every answer can be changed).
document.addEventListener('DOMContentLoaded', function () {
  var KEY = 'sncheck-answers:';
  var UNANSWERED = '?';
  var NOT_USED = '';

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }  // private mode, blocked storage
  }

  function read(signature) {
    var store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(KEY + signature) || 'null'); } catch (e) { return null; }
  }

  function write(signature, answers) {
    var store = storage();
    if (!store) return;
    var empty = !Object.keys(answers.headers).length && !Object.keys(answers.values).length &&
      !Object.keys((answers.teams || {}).unit_types || {}).length;
    try {
      if (empty) store.removeItem(KEY + signature);
      else store.setItem(KEY + signature, JSON.stringify(answers));
    } catch (e) { /* storage full or refused: the answers still apply to this upload */ }
  }

  // The form's answers in the mapping file's shape (a "not decided" question is no answer).
  function answersOf(section) {
    var answers = {headers: {}, values: {}, teams: {unit_types: {}}};
    var questions = section.querySelectorAll('fieldset.question');
    for (var i = 0; i < questions.length; i++) {
      var q = questions[i];
      var select = q.querySelector('select');
      if (!select || select.value === UNANSWERED) continue;
      if (q.classList.contains('column')) {
        var kind = q.getAttribute('data-kind');
        answers.headers[kind] = answers.headers[kind] || {};
        answers.headers[kind][q.getAttribute('data-header')] = select.value === NOT_USED ? null : select.value;
      } else if (q.classList.contains('unit')) {
        answers.teams.unit_types[q.getAttribute('data-team')] = select.value;
      } else {
        var field = q.getAttribute('data-field');
        answers.values[field] = answers.values[field] || {};
        answers.values[field][q.getAttribute('data-word')] = select.value;
      }
    }
    return answers;
  }

  // Fill the form from remembered answers; true when at least one question took one.
  function fill(section, answers) {
    var filled = false;
    var questions = section.querySelectorAll('fieldset.question');
    for (var i = 0; i < questions.length; i++) {
      var q = questions[i];
      var select = q.querySelector('select');
      var table, key;
      if (q.classList.contains('column')) {
        table = (answers.headers || {})[q.getAttribute('data-kind')];
        key = q.getAttribute('data-header');
      } else if (q.classList.contains('unit')) {
        table = (answers.teams || {}).unit_types;
        key = q.getAttribute('data-team');
      } else {
        table = (answers.values || {})[q.getAttribute('data-field')];
        key = q.getAttribute('data-word');
      }
      if (!select || !table || !Object.prototype.hasOwnProperty.call(table, key)) continue;
      var value = table[key] === null ? NOT_USED : String(table[key]);
      for (var j = 0; j < select.options.length; j++) {
        if (select.options[j].value === value && select.value !== value) {
          select.value = value;
          filled = true;
        }
      }
    }
    return filled;
  }

  function showEffect(select) {
    var line = document.getElementById(select.getAttribute('data-question') + '-effect');
    var option = select.options[select.selectedIndex];
    if (line && option) line.textContent = option.getAttribute('data-effect') || '';
  }

  // 「還有 N 項尚未決定」 counts what is chosen on the page, before it is applied.
  function showOpen(section) {
    var summary = section.querySelector('summary.q-open');
    if (!summary || !summary.hasAttribute('data-open')) return;
    var open = 0;
    var selects = section.querySelectorAll('select[data-question]');
    for (var i = 0; i < selects.length; i++) if (selects[i].value === UNANSWERED) open++;
    summary.textContent = open ? summary.getAttribute('data-open').replace('{n}', open)
                               : summary.getAttribute('data-chosen');
  }

  var sections = document.querySelectorAll('section.questions');
  for (var s = 0; s < sections.length; s++) {
    (function (section) {
      var signature = section.getAttribute('data-signature');
      var form = section.querySelector('form.answers');
      var selects = section.querySelectorAll('select[data-question]');
      for (var i = 0; i < selects.length; i++) {
        selects[i].addEventListener('change', function (e) { showEffect(e.target); showOpen(section); });
      }
      if (!form || !signature) return;
      form.addEventListener('submit', function (e) {
        var clearing = e.submitter && e.submitter.name === 'clear';
        write(signature, clearing ? {headers: {}, values: {}} : answersOf(section));
      });
      if (section.getAttribute('data-cleared') === '1') {
        write(signature, {headers: {}, values: {}});
        return;
      }
      if (section.getAttribute('data-answered') !== '0') {
        write(signature, answersOf(section));  // what this upload now holds is what to remember
        return;
      }
      var remembered = read(signature);
      if (remembered && fill(section, remembered)) {
        form.querySelector('input[name="remembered"]').value = '1';
        form.submit();  // no submit event: the remembered answers are already stored
      }
    })(sections[s]);
  }
});

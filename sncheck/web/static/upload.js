// sncheck serve: drag-and-drop onto the upload area (the form works without it: the file button).
document.addEventListener('DOMContentLoaded', function () {
  // One post per click on 開始檢核: a second click while a large upload is checked would check it all again.
  var form = document.getElementById('upload');
  var button = document.getElementById('submit');
  if (form && button) {
    var label = button.textContent;
    form.addEventListener('submit', function (e) {
      if (form.hasAttribute('data-sending')) { e.preventDefault(); return; }
      form.setAttribute('data-sending', '');
      button.disabled = true;
      button.textContent = button.getAttribute('data-busy') || label;
    });
    window.addEventListener('pageshow', function () {  // back to this page (from the browser's cache)
      form.removeAttribute('data-sending');
      button.disabled = false;
      button.textContent = label;
    });
  }
  var drop = document.getElementById('drop');
  var input = document.getElementById('files');
  var chosen = document.getElementById('chosen');
  if (!drop || !input) return;
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    chosen.textContent = names.length ? chosen.getAttribute('data-label') + '\n' + names.join('\n') : '';
  }
  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
  });
});

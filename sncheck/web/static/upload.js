// sncheck serve: drag-and-drop onto the upload area (the form works without it: the file button), and the
// result page's closed groups opened for a jump or for printing.
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
  // The result page: a finding the contents link to may sit in a closed group; open it, then go there.
  function openTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  // Printing a long result prints every finding, not only the groups that happen to be open.
  window.addEventListener('beforeprint', function () {
    var groups = document.querySelectorAll('details');
    for (var i = 0; i < groups.length; i++) groups[i].open = true;
  });
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

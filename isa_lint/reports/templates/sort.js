(function () {
  "use strict";
  var table = document.getElementById("register");
  if (!table || !table.tHead || !table.tBodies.length) {
    return;
  }
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function key(cell) {
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function compare(x, y, numeric) {
    if (x === y) {
      return 0;
    }
    if (x === "") {
      return 1;
    }
    if (y === "") {
      return -1;
    }
    return numeric ? Number(x) - Number(y) : x.localeCompare(y, "en-GB", { numeric: true });
  }
  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.hasAttribute("data-numeric");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var order = compare(key(a.cells[column]), key(b.cells[column]), numeric);
        return ascending || order === 0 ? order : -order;
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
    });
  });
})();

/* Draws the graph of a page from its JSON data island (see templates/pyvis/fragment.html).
   Tooltips become DOM text, never HTML; clicking a node highlights its passage and a
   passage click selects its node. The page's other scripts read window.debateGraph. */
(function () {
  "use strict";

  function textTip(text) {
    var el = document.createElement("div");
    el.className = "graph-tip";
    el.textContent = text;
    return el;
  }

  function passageFor(anchor) {
    if (!anchor) { return null; }
    return document.querySelector('[data-anchor="' + CSS.escape(String(anchor)) + '"]:not(#graph)');
  }

  function highlight(el) {
    document.querySelectorAll(".passage-active").forEach(function (old) {
      old.classList.remove("passage-active");
    });
    if (!el) { return; }
    el.classList.add("passage-active");
    var panel = el.closest(".text-panel");
    if (panel) {
      // scroll only the text view beside the graph, so the graph stays in sight
      var offset = el.getBoundingClientRect().top - panel.getBoundingClientRect().top;
      panel.scrollTop += offset - panel.clientHeight / 3;
    } else {
      el.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  function draw() {
    var island = document.getElementById("graph-data");
    var container = document.getElementById("graph");
    if (!island || !container || typeof vis === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var options = typeof data.options === "string" ? JSON.parse(data.options) : data.options;
    data.nodes.forEach(function (n) { if (typeof n.title === "string") { n.title = textTip(n.title); } });
    data.edges.forEach(function (e) { if (typeof e.title === "string") { e.title = textTip(e.title); } });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    var ready = function () {
      container.setAttribute("data-ready", "1");
      network.fit({ animation: false });
    };
    if (options.physics && options.physics.enabled !== false) {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        ready();
      });
    } else {
      network.once("afterDrawing", ready);
    }
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var node = nodes.get(params.nodes[0]);
      highlight(passageFor(node.anchor));
      container.setAttribute("data-selected", String(node.id));
    });
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) { return; }
      var href = nodes.get(params.nodes[0]).href;
      if (typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/") {
        window.location.assign(href);
      }
    });
    document.querySelectorAll("[data-anchor]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        var id = el.getAttribute("data-anchor");
        var hit = nodes.get({ filter: function (n) { return n.anchor === id; } })[0];
        if (!hit || event.target.closest("a")) { return; }
        event.stopPropagation();
        network.selectNodes([hit.id]);
        network.focus(hit.id, { scale: Math.max(network.getScale(), 0.8), animation: true });
        highlight(el);
      });
    });
    window.debateGraph = { network: network, nodes: nodes, edges: edges, highlight: highlight };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());

// Draws the network diagnostic's graph from the positions computed by the server (no layout in
// the browser); the table beside it gives the same facts for screen readers and without colour.
(function () {
  var data = document.getElementById("network-data");
  var box = document.getElementById("network-graph");
  if (!data || !box || typeof cytoscape === "undefined") return;
  var elements = JSON.parse(data.textContent);
  var colours = {public: "#1f4e9c", employment: "#b3541e", housing: "#2e7d32",
                 health: "#8e24aa", benefits: "#00838f", association: "#6d6d6d"};
  var shapes = {public: "round-rectangle", employment: "diamond", housing: "triangle",
                health: "ellipse", benefits: "hexagon", association: "ellipse"};
  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: {name: "preset"},
    wheelSensitivity: 0.3,
    style: [
      {selector: "node", style: {
        "background-color": function (n) { return colours[n.data("kind")]; },
        "shape": function (n) { return shapes[n.data("kind")]; },
        "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120,
        "border-width": function (n) { return n.data("mine") ? 4 : 1; },
        "border-color": "#000"}},
      {selector: "edge", style: {"width": "data(width)", "line-color": "#555",
                                 "curve-style": "haystack", "opacity": 0.7}},
      {selector: "edge[kind = 'declared']", style: {"line-color": "#c62828", "line-style": "dashed"}},
      {selector: "edge[kind = 'both']", style: {"line-color": "#1b5e20"}},
      {selector: ".faded", style: {"opacity": 0.12}}
    ]
  });
  cy.fit(undefined, 20);
  cy.on("tap", "node", function (event) {
    var hood = event.target.closedNeighborhood();
    cy.elements().addClass("faded");
    hood.removeClass("faded");
  });
  cy.on("tap", function (event) {
    if (event.target === cy) cy.elements().removeClass("faded");
  });
})();

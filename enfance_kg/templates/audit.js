// enfance-kg audit pages: a quote shows its fact and rule; a fact finds its quote. No library, no network.
(function () {
  "use strict";
  const tip = document.getElementById("tip");
  if (!tip) { return; }
  const facts = new Map();
  document.querySelectorAll("aside.facts li[data-number]").forEach((li) => facts.set(li.dataset.number, li));
  const marks = Array.from(document.querySelectorAll("mark.fact"));

  function describe(mark) {
    tip.textContent = "";
    mark.dataset.facts.split(" ").forEach((number) => {
      const li = facts.get(number);
      if (!li) { return; }
      const line = document.createElement("div");
      const kind = document.createElement("strong");
      kind.textContent = "#" + number + " " + li.dataset.kind;
      line.appendChild(kind);
      if (li.dataset.rule) {
        const rule = document.createElement("div");
        rule.className = "rule";
        rule.textContent = li.dataset.rule + (li.dataset.ruleText ? " — " + li.dataset.ruleText : "");
        line.appendChild(rule);
      }
      tip.appendChild(line);
    });
  }
  function place(event) {
    tip.style.left = Math.min(event.clientX + 14, window.innerWidth - 420) + "px";
    tip.style.top = (event.clientY + 16) + "px";
  }
  function activate(numbers) {
    document.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
    marks.filter((mark) => mark.dataset.facts.split(" ").some((n) => numbers.includes(n)))
      .forEach((mark) => mark.classList.add("active"));
    numbers.forEach((n) => { const li = facts.get(n); if (li) { li.classList.add("active"); } });
  }
  marks.forEach((mark) => {
    mark.addEventListener("mouseenter", (event) => { describe(mark); place(event); tip.hidden = false; });
    mark.addEventListener("mousemove", place);
    mark.addEventListener("mouseleave", () => { tip.hidden = true; });
    mark.addEventListener("click", () => {
      const numbers = mark.dataset.facts.split(" ");
      activate(numbers);
      const li = facts.get(numbers[0]);
      if (li) { li.scrollIntoView({block: "nearest"}); }
    });
  });
  facts.forEach((li, number) => {
    li.addEventListener("click", (event) => {
      event.preventDefault();
      activate([number]);
      const first = marks.find((mark) => mark.dataset.facts.split(" ").includes(number));
      if (first) { first.scrollIntoView({block: "center"}); }
    });
  });
})();

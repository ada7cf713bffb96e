// The import preview's "headline could be: …" boxes (import_alternative.html).
// The ticked box, sent with the confirm form, is what decides; this script
// only shows the swap at once in the preview (ticked: the field shows the
// alternative; unticked again: what the parser chose).  Without the script
// the boxes work all the same.
"use strict";
(function () {
  const SHOWN = {headline: "h2.headline", standfirst: "dd.standfirst", byline: "dd.byline", dateline: "dd.dateline"};

  function show(element, ticked, text) {
    if (!element) {
      return;
    }
    if (!("parsed" in element.dataset)) {
      element.dataset.parsed = element.textContent.trim();
    }
    element.textContent = ticked ? text : element.dataset.parsed;
  }

  document.addEventListener("change", function (event) {
    const box = event.target;
    if (!box.matches("input.newsdesk-import-take-alternative")) {
      return;
    }
    const story = box.closest("section.newsdesk-import-story");
    if (!story) {
      return;
    }
    const field = box.dataset.field;
    show(SHOWN[field] && story.querySelector(SHOWN[field]), box.checked, box.dataset.alternative);
    // A headline taken from the standfirst leaves no standfirst (WireStory.with_alternative).
    const cleared = box.dataset.clears;
    show(SHOWN[cleared] && story.querySelector(SHOWN[cleared]), box.checked, "\u2014");
  });
})();

// The mention picker of a claim's comments (issue 15): choosing a name in the "Mention" box puts
// "@name " into the comment and clears the box. Without this script the server adds the mention.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.mentionFor) return;
  const name = box.value.trim().replace(/^@/, "");
  const text = document.getElementById(box.dataset.mentionFor);
  if (!name || !text) return;
  const mention = "@" + name + " ";
  if (!text.value.includes("@" + name)) {
    const at = text.selectionStart ?? text.value.length;
    const before = text.value.slice(0, at);
    const gap = before && !/\s$/.test(before) ? " " : "";  // "@name" must start a word
    text.value = before + gap + mention + text.value.slice(at);
  }
  box.value = "";
  text.focus();
});

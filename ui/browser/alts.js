// Streamlit's st.image draws <img> with no alt attribute, even with a caption (axe: image-alt, critical). This gives
// each image of the page an alt: its caption when it has one, else the page's description of its pictures.
export default function alts(component) {
  const { data, parentElement } = component;
  if (parentElement.__lvDispose) parentElement.__lvDispose();
  const apply = () => {
    for (const image of document.querySelectorAll("[data-testid=stImage] img:not([alt])")) {
      const box = image.closest("[data-testid=stImage]");
      const caption = box && box.querySelector("[data-testid=stImageCaption]");
      image.setAttribute("alt", (caption && caption.textContent.trim()) || data.text);
    }
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(document.body, { childList: true, subtree: true });
  const dispose = () => {
    observer.disconnect();
    if (parentElement.__lvDispose === dispose) delete parentElement.__lvDispose;
  };
  parentElement.__lvDispose = dispose;
  return dispose;
}

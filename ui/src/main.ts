import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");
// index.html's static header and "Loading…" are the first frame: the app replaces them once that frame is on
// screen, so building the components does not hold back the first paint.
requestAnimationFrame(() =>
  setTimeout(() => {
    target.replaceChildren();
    mount(App, { target });
  }, 0),
);

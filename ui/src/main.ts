import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");
// index.html's static first frame gives way to the app.
target.replaceChildren();
mount(App, { target });

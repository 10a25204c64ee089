// Runs before the first paint (a classic script in <head>; the CSP allows only scripts from the app itself):
// applies the theme the operator chose last time, so the window never flashes the system theme first.
// ThemeSwitch.svelte starts from what this sets and owns the choice afterwards (same storage key).
try {
  const saved = localStorage.getItem("blooio-groups.theme");
  if (saved === "light" || saved === "dark") document.documentElement.setAttribute("data-theme", saved);
} catch {
  // No storage: the system theme it is.
}

// The report's print button: the browser's own print dialog, which also saves a PDF.
document.getElementById("print-report")?.addEventListener("click", () => window.print());

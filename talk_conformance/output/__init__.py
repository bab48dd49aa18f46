"""What a run leaves behind: the summary document, report.html, junit.xml, and the comparison of several runs."""

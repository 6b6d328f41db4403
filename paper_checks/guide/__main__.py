"""`python -m synthover.paper_checks.guide`: regenerate the theory pages and the README findings."""
from synthover.paper_checks.guide.pages import write_pages

for path in write_pages():
    print(path)

"""Server-rendered pages for job seekers, on phones first."""

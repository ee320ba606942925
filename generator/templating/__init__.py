"""What blueprint templates render with: a sandboxed Jinja environment and filters that escape each value
for the file it lands in."""

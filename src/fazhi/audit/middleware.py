from .context import audit_context


class AuditContextMiddleware:
    """Records the client address of each request for the audit entries it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = request.META.get("REMOTE_ADDR") or None
        via = "api" if request.path.startswith("/api/") else "web"
        with audit_context(source_address=address, via=via):
            return self.get_response(request)

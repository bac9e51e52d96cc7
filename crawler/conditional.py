"""Conditional GET from the validators stored for a watch; the spider accepts the 304."""


class ConditionalGetMiddleware:
    def process_request(self, request, spider=None):
        etag, last_modified = request.meta.get("pw_validators") or (None, None)
        if etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = etag
        if last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = last_modified
        return None

from scrapy.exceptions import IgnoreRequest


class RefusedRequest(IgnoreRequest):
    """Not fetched on purpose (address guard, robots.txt, scheme): the message says why."""

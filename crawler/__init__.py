"""Fetching watched pages with Scrapy, politely and safely.

Importing this package does not import Scrapy; :mod:`crawler.runner` does.
"""

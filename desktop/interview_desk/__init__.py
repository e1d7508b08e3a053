"""LLM Interview Desk: an offline study app for LLM engineering interviews."""

__version__ = "0.1.0"
APP_NAME = "interview-desk"

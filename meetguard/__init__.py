"""MeetGuard: what your video-meeting apps may do with your meetings."""

__version__ = "0.1.0"
VERSION_TEXT = f"MeetGuard {__version__}"
APP_ID = "io.github.meetguard.MeetGuard"
APP_NAME = "MeetGuard"

"""Microsoft.EventGrid: system topics, and the event subscriptions of each key vault's topic
(near-expiry events wired to automation)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="event_grid",
        title="Event Grid system topics and their event subscriptions",
        records=("event_topics", "event_subscriptions"),
        reads=(
            Read(apis.SYSTEM_TOPICS_LIST, Listing.SUBSCRIPTION, ("event_topics",)),
            Read(apis.SYSTEM_TOPICS_LIST_RG, Listing.RESOURCE_GROUP, ("event_topics",)),
            Read(apis.EVENT_SUBSCRIPTIONS_LIST, Listing.PARENT, ("event_subscriptions",)),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read Event Grid system topics and their event subscriptions (near-expiry "
        "automation).",
        nouns={
            "systemtopics": ("system topic", "system topics"),
            "eventsubscriptions": ("event subscription", "event subscriptions"),
        },
    ),
)

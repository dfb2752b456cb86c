"""Microsoft.EventGrid: system topics, and the event subscriptions of each key vault's topic
(near-expiry events wired to automation)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

SYSTEM_TOPICS_LIST = Operation(
    "GET Microsoft.EventGrid/systemTopics",
    "/subscriptions/{subscription_id}/providers/Microsoft.EventGrid/systemTopics",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/read",
)
"""Event Grid system topics: the events an Azure resource (here, a key vault) publishes."""
SYSTEM_TOPICS_LIST_RG = Operation(
    "GET Microsoft.EventGrid/systemTopics",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.EventGrid/systemTopics",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/read",
)
EVENT_SUBSCRIPTIONS_LIST = Operation(
    "GET Microsoft.EventGrid/systemTopics/eventSubscriptions",
    "{scope}/eventSubscriptions",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/eventSubscriptions/read",
)
"""The event subscriptions of one system topic: ``filter.includedEventTypes`` and where events go."""

SOURCES = (
    Source(
        name="event_grid",
        title="Event Grid system topics and their event subscriptions",
        records=("event_topics", "event_subscriptions"),
        reads=(
            Read(SYSTEM_TOPICS_LIST, Listing.SUBSCRIPTION, ("event_topics",)),
            Read(SYSTEM_TOPICS_LIST_RG, Listing.RESOURCE_GROUP, ("event_topics",)),
            Read(
                EVENT_SUBSCRIPTIONS_LIST,
                Listing.PARENT,
                ("event_subscriptions",),
                reader="assess.collectors.eventgrid:list_event_subscriptions",
                parents=("event_topics",),
            ),
        ),
        depends_on=("resources",),
        parser="assess.collectors.eventgrid:parse_event_topic",
        switch=True,
        help="Read Event Grid system topics and their event subscriptions (near-expiry "
        "automation).",
        nouns={
            "systemtopics": ("system topic", "system topics"),
            "eventsubscriptions": ("event subscription", "event subscriptions"),
        },
    ),
)

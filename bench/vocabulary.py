"""Word lists for the synthetic corpus: invented people, companies and debate phrases.

Names are common given names and surnames combined at random, so the people of a generated
corpus are made up; the phrases are generic business-debate English. Kept apart from the
generator so its logic stays short, and so a test can check the lists on their own.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Alma", "Anton", "Aline", "Beatriz", "Bodil", "Bruno", "Carla", "Casper", "Cyril", "Dario",
    "Daria", "Dora", "Edith", "Elias", "Emil", "Farid", "Felix", "Fiona", "Frida", "Gideon",
    "Greta", "Gustav", "Hanna", "Helga", "Hugo", "Ilse", "Ingrid", "Ivo", "Jana", "Joran",
    "Jonas", "Karin", "Kira", "Lars", "Lena", "Linus", "Marta", "Milan", "Mirela", "Nadia",
    "Nils", "Nora", "Olga", "Oskar", "Otto", "Pavel", "Petra", "Quentin", "Rafael", "Rosa",
    "Runa", "Selma", "Silas", "Sven", "Theo", "Tilde", "Tomas", "Ulla", "Vera", "Viktor",
    "Wanda", "Wim", "Ximena", "Yara", "Ylva", "Yusuf", "Zeno", "Zofia", "Aurelio", "Benedikt",
    "Cosima", "Dagny", "Eskil", "Flavia", "Gunnar", "Halvard", "Idris", "Jorunn", "Katya", "Leopold",
)

LAST_NAMES = (
    "Almeida", "Arnaud", "Berglund", "Brandt", "Carvalho", "Castell", "Dekker", "Dovrat", "Eklund",
    "Engel", "Falk", "Fontaine", "Gallo", "Gruber", "Haas", "Halloran", "Ibsen", "Ivers", "Jansen",
    "Jovanovic", "Kaur", "Kovac", "Lindqvist", "Lund", "Mendes", "Moreau", "Nakamura", "Novak",
    "Okafor", "Oliveira", "Petrov", "Pires", "Quist", "Rasmussen", "Rossi", "Sandoval", "Strand",
    "Tanaka", "Thorsen", "Ueda", "Urbina", "Varga", "Vogel", "Wendt", "Wolff", "Yilmaz", "Zamora",
    "Zeller", "Abernathy", "Bjornstad", "Cardenas", "Delacroix", "Esposito", "Fagerlund", "Grimaldi",
    "Hakkarainen", "Iwasaki", "Jaramillo", "Kowalczyk", "Lemaire", "Marchetti", "Nyberg", "Ostrowski",
    "Pellegrini", "Raghunathan", "Szabo", "Tavares", "Uribe", "Vasquez", "Wojcik", "Zielinski",
)

COMPANIES = (
    "Northwind Advisory", "Bluefield Labs", "Kestrel Partners", "Orchard Metrics", "Tidewater Group",
    "Lumen & Vale", "Harbor Point Consulting", "Cobalt Insight", "Meridian Works", "Fernhill Research",
    "Granite Loop", "Signal Grove", "Brightwater Studio", "Copperline Analytics", "Westmere & Co",
)

ROLES = (
    "Founder", "Managing Director", "Principal Consultant", "VP Customer Experience", "Head of Insight",
    "Chief Customer Officer", "Research Director", "Senior Analyst", "Customer Success Lead",
)

TAGLINES = (
    "Helping teams design better service journeys",
    "Writes about service design and loyalty",
    "Speaker on customer strategy and change",
    "Author of a handbook on customer journeys",
    "Follow me on Twitter for more on service design",
)

# Debate subjects: several echo common customer-experience debates so the topic step has work.
SUBJECTS = (
    "customer segmentation", "listening to customers", "executive buy-in", "the business case",
    "measurement", "NPS", "social media", "employee training", "silo busting", "the brand promise",
    "internal promotion", "remote teams", "pricing transparency", "loyalty programs", "self-service",
    "the CRM system", "the front line", "onboarding", "journey mapping", "complaint handling",
    "customer data", "the contact centre", "service recovery", "frontline autonomy", "cross-functional teams",
    "the product roadmap", "design thinking", "co-creation with customers", "churn", "the KPI dashboard",
)

OWNERS = (
    "the CEO", "marketing", "operations", "the whole leadership team", "a dedicated CX team", "HR",
    "the front line", "finance", "product management", "every department",
)

ARTICLE_POINTS = (
    "Start with the customers who matter most", "Make one executive accountable",
    "Measure what customers actually feel", "Train people in the story, not the script",
    "Break down the silos before buying software", "Design the promise before the process",
    "Give the front line room to decide", "Close the loop on every complaint",
    "Tie incentives to customer outcomes", "Tell stories of change inside the company",
    "Hire for empathy, train for skill", "Review the journey every quarter",
)

TITLE_PATTERNS = (
    "{n} Lessons on {subject} Nobody Tells You",
    "Why {subject} Fails (and What to Do Instead)",
    "What Makes {subject} Work: {n} Practices",
    "Is {subject} Overrated?",
    "{n} Ways to Get {subject} Right",
    "The Case for Rethinking {subject}",
)

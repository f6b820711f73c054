package org.unsilo.demo;

import java.util.List;

/** The words demo data is made of: people's names, job titles, company names, e-mail subjects and sentences. */
final class Vocabulary {

    private Vocabulary() {
    }

    static final List<String> FIRST = List.of("Anna", "Ben", "Clara", "David", "Elena", "Felix", "Grace", "Henry", "Iris",
            "Jonas", "Karen", "Liam", "Maria", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Samuel", "Tara", "Umar", "Vera",
            "Walter", "Xenia", "Yusuf", "Zoe", "Amelia", "Bruno", "Chloe", "Daniel", "Emma", "Frank", "Greta", "Hugo",
            "Isabel", "Jack", "Katja", "Lucas", "Mia", "Nina", "Oscar", "Priya", "Rafael", "Sofia", "Tom", "Ursula",
            "Victor", "Wendy", "Ahmed", "Beatriz", "Carlos", "Dana", "Erik", "Fatima", "George", "Hannah", "Ivan",
            "Julia", "Kenji", "Laura", "Marco", "Nadia", "Omar", "Petra", "Ruth", "Stefan", "Theo", "Lena", "Mateo",
            "Aisha", "Leon", "Marta", "Nils", "Sara", "Jan", "Eva", "Tim", "Alice", "Robert", "William", "Elizabeth");

    static final List<String> LAST = List.of("Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas",
            "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
            "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott",
            "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Patel", "Young",
            "Allen", "Mitchell", "James", "Anderson", "Phillips", "Lee", "Bell", "Parker", "Davis", "Miller", "Garcia",
            "Rodriguez", "Martinez", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
            "Hoffmann", "Dubois", "Moreau", "Laurent", "Bernard", "Rossi", "Russo", "Ferrari", "Esposito", "Jansen",
            "de Vries", "van Dijk", "Bakker", "Nowak", "Kowalski", "Novak", "Svensson", "Johansson", "Nielsen", "Hansen");

    /** A person known by a short name on one address and the full one on another: a likely duplicate by name variant. */
    static final List<List<String>> NICKNAMES = List.of(List.of("Robert", "Bob"), List.of("William", "Bill"),
            List.of("Elizabeth", "Liz"), List.of("Samuel", "Sam"), List.of("Daniel", "Dan"), List.of("Katja", "Kat"),
            List.of("Alice", "Ali"), List.of("Julia", "Jules"));

    static final List<String> TITLES = List.of("Managing Director", "Chief Executive Officer", "Chief Financial Officer",
            "Head of Procurement", "Purchasing Manager", "Sales Director", "Account Manager", "Project Manager",
            "Operations Manager", "IT Director", "Head of Marketing", "Marketing Manager", "Senior Buyer",
            "Finance Manager", "Legal Counsel", "Product Manager", "Business Development Manager", "Office Manager",
            "Technical Lead", "Supply Chain Manager", "Head of Partnerships", "Director of Engineering",
            "Category Manager", "Controller", "Vice President Sales");

    static final List<String> ORG_FIRST = List.of("Blue", "North", "Silver", "Bright", "Green", "Red", "Oak", "Iron",
            "Clear", "Swift", "Stone", "River", "Summit", "Harbor", "Maple", "Pine", "Crystal", "Golden", "Eagle",
            "Falcon", "Atlas", "Nova", "Polar", "Cedar", "Granite", "Meadow", "Copper", "Sterling", "Lake", "Sun",
            "Star", "Bay", "Hill", "Frost", "Ember", "Orbit", "Vector", "Prime", "Apex", "Zenith");

    static final List<String> ORG_SECOND = List.of("field", "water", "peak", "wave", "gate", "bridge", "point", "stone",
            "light", "wood", "line", "mark", "works", "ridge", "haven", "way", "core", "path", "view", "port");

    static final List<String> ORG_KIND = List.of("Logistics", "Energy", "Foods", "Systems", "Consulting", "Partners",
            "Manufacturing", "Retail", "Pharma", "Media", "Capital", "Engineering", "Health", "Software", "Freight",
            "Insurance", "Chemicals", "Textiles", "Telecom", "Analytics");

    /** Top-level domains with their share (in percent), so that the Public Suffix List is exercised (co.uk, com.au). */
    static final List<String> TLDS = List.of("com", "com", "com", "com", "com", "com", "co.uk", "co.uk", "de", "de", "fr",
            "nl", "io", "com.au", "ch", "se", "es", "it", "at", "be");

    static final List<String> FREEMAIL = List.of("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "gmx.de", "web.de", "icloud.com");

    static final List<String> TOPICS = List.of("Quarterly review", "Pricing for {org}", "Contract renewal",
            "Meeting next week", "Proposal v2", "Delivery schedule", "Invoice question", "Follow-up on our call",
            "Introduction", "Project kick-off", "Service level agreement", "Product demo", "Order confirmation",
            "Budget for next year", "Workshop agenda", "Open points", "Tender documents", "Partnership idea",
            "Technical questions", "Onboarding plan", "Site visit", "Feedback on the pilot", "Updated forecast",
            "Framework agreement");

    /**
     * Subjects of conversations marked private: personal or confidential matters, never used for the ordinary ones,
     * so that a private conversation can be recognised (and looked for where it must not show).
     */
    static final List<String> PRIVATE_TOPICS = List.of("Confidential: {org} acquisition talks", "Personal: reference letter",
            "Confidential: salary benchmark", "Personal: job opening at {org}", "Confidential: board reshuffle",
            "Personal: health update");

    static final List<String> SENTENCES = List.of("Thanks for your message.", "Please find the details below.",
            "Could we schedule a call this week?", "I have attached the latest version.",
            "Let me know if you have any questions.", "We are happy with the progress so far.",
            "The team will review it on Monday.", "Can you confirm the numbers?", "Looking forward to working together.",
            "I will send the signed copy tomorrow.", "The delivery is planned for the end of the month.",
            "Our legal team has a few comments.", "Good to talk to you earlier.", "We need a decision by Friday.",
            "Here is the summary of what we agreed.", "Sorry for the late reply.");

    static final List<String> CLOSINGS = List.of("Best regards,", "Kind regards,", "Regards,", "Thanks,", "Cheers,");
}

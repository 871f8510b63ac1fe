//! The word pools the corpus generator draws from: plausible, clearly
//! synthetic titles, names, journals and sentences.

use super::MAX_SECTIONS;

/// Section titles and folders.
pub const SECTIONS: [(&str, &str); MAX_SECTIONS] = [
    ("Bone health", "bone-health"),
    ("Falls and balance", "falls-and-balance"),
    ("Back pain", "back-pain"),
    ("Knee pain", "knee-pain"),
    ("Hip pain", "hip-pain"),
    ("Heart health", "heart-health"),
    ("Blood pressure", "blood-pressure"),
    ("Diabetes", "diabetes"),
    ("Breathing", "breathing"),
    ("Arthritis", "arthritis"),
    ("Sleep", "sleep"),
    ("Healthy weight", "healthy-weight"),
    ("Pregnancy", "pregnancy"),
    ("After surgery", "after-surgery"),
    ("Older adults", "older-adults"),
    ("Children and teens", "children-and-teens"),
    ("Mood and stress", "mood-and-stress"),
    ("After cancer", "after-cancer"),
    ("After a stroke", "after-a-stroke"),
    ("Living with pain", "living-with-pain"),
];

pub const SURNAMES: &[&str] = &[
    "Abara",
    "Bennett",
    "Castillo",
    "Dunmore",
    "Eklund",
    "Farrow",
    "Gallo",
    "Haddad",
    "Iversen",
    "Jansen",
    "Kowalski",
    "Lindgren",
    "Mbeki",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinlan",
    "Rossi",
    "Sato",
    "Tembo",
    "Ulloa",
    "Varga",
    "Whitlock",
    "Xu",
    "Yilmaz",
    "Zhou",
    "Achebe",
    "Brandt",
    "Cruz",
    "Delaney",
    "Esposito",
    "Fischer",
    "Grant",
    "Holm",
    "Ito",
    "Jovanovic",
    "Kerr",
    "Lopez",
    "Moreau",
    "Novak",
];

pub const INITIALS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "P", "R", "S", "T",
];

pub const JOURNALS: &[&str] = &[
    "Synth J Exerc Med",
    "Bench Rev Rehabil",
    "Example Bone Health",
    "Synth Heart J",
    "Test Physiother Q",
    "Demo J Aging Act",
    "Synth Pain Res",
    "Example Public Health",
    "Synth Sports Sci",
    "Demo Respir Care",
];

pub const ORGANISATIONS: &[&str] = &[
    "Example Health Service",
    "Synthetic Bone Society",
    "Demo Heart Foundation",
    "Example Physiotherapy Association",
    "Benchmark Patients Trust",
];

pub const OUTCOMES: &[&str] = &[
    "Effect of",
    "Long-term effects of",
    "Safety of",
    "Adherence to",
    "Cost and benefit of",
    "Dose and response of",
];

pub const POPULATIONS: &[&str] = &[
    "older adults",
    "postmenopausal women",
    "people with chronic back pain",
    "adults with type 2 diabetes",
    "people after hip surgery",
    "adults with knee arthritis",
    "people with heart failure",
    "adults with high blood pressure",
];

/// Kinds in the order the pool cycles through them: mostly research.
pub const KINDS: &[&str] = &[
    "systematic-review",
    "rct",
    "meta-analysis",
    "cohort",
    "rct",
    "guideline",
    "case-control",
    "systematic-review",
    "consensus",
    "patient-information",
    "webpage",
    "book",
];

pub const ACTIVITIES: &[&str] = &[
    "Walking",
    "Swimming",
    "Cycling",
    "Tai chi",
    "Yoga",
    "Pilates",
    "Strength training",
    "Stretching",
    "Dancing",
    "Gardening",
    "Water aerobics",
    "Balance training",
    "Chair exercises",
    "Resistance bands",
    "Stair climbing",
    "Nordic walking",
    "Circuit classes",
    "Home exercise",
    "Breathing exercises",
    "Pelvic floor exercises",
    "Heel drops",
    "Step-ups",
    "Jogging",
    "Bowls",
];

pub const CONDITIONS: &[&str] = &[
    "osteoporosis",
    "back pain",
    "knee arthritis",
    "high blood pressure",
    "type 2 diabetes",
    "heart failure",
    "asthma",
    "a new hip",
    "poor sleep",
    "low mood",
    "long-term pain",
    "weak muscles",
    "fear of falling",
    "a recent stroke",
    "tiredness after cancer",
];

pub const TITLES: &[&str] = &[
    "{A} for {c}",
    "{A} when you have {c}",
    "Getting started with {a}",
    "How {a} helps with {c}",
    "Staying safe with {a}",
    "{A} at home with {c}",
];

/// `##` headings: distinct within an article, never a reserved id such as
/// `evidence`, and never one of the `###` headings below.
pub const H2: &[&str] = &[
    "Why it matters",
    "What the research says",
    "How often",
    "How hard",
    "Getting started",
    "Building up",
    "Staying safe",
    "When to stop",
    "Common questions",
    "Finding support",
    "At home",
    "In a group",
    "Warming up",
    "Cooling down",
    "Tracking progress",
    "Setting goals",
    "Eating well",
    "Sleeping well",
    "Working with your doctor",
    "Medicines and exercise",
    "Pain during exercise",
    "Bad days",
    "Keeping going",
    "Equipment",
    "Clothes and shoes",
    "Exercising outdoors",
    "Travel",
    "Costs",
    "Myths",
    "Next steps",
];

pub const H3: &[&str] = &[
    "A simple plan",
    "If you are new to this",
    "If you already exercise",
    "Signs you are doing too much",
    "What you need",
    "Who can help",
    "A typical week",
    "What to expect",
    "Questions to ask",
    "Tips from patients",
    "How to tell it is working",
    "What if it hurts",
];

pub const TAGS: &[&str] = &[
    "exercise",
    "strength",
    "balance",
    "falls",
    "bones",
    "osteoporosis",
    "walking",
    "swimming",
    "yoga",
    "tai-chi",
    "back-pain",
    "knees",
    "hips",
    "arthritis",
    "heart",
    "blood-pressure",
    "diabetes",
    "breathing",
    "asthma",
    "sleep",
    "weight",
    "pregnancy",
    "surgery",
    "recovery",
    "older-adults",
    "children",
    "mood",
    "stress",
    "cancer",
    "stroke",
    "pain",
    "posture",
    "stretching",
    "flexibility",
    "fitness",
    "safety",
    "home-exercise",
    "groups",
    "motivation",
    "goals",
    "equipment",
    "outdoors",
    "nutrition",
    "medicines",
    "physiotherapy",
    "rehabilitation",
    "prevention",
    "fatigue",
    "muscles",
    "joints",
];

pub const ROLES: &[&str] = &[
    "physiotherapist",
    "GP",
    "nurse specialist",
    "exercise physiologist",
    "consultant rheumatologist",
];

pub const CERTAINTIES: &[&str] = &["high", "moderate", "low", "very-low"];

pub const FINDINGS: &[&str] = &[
    "People who did {a} for {n} weeks had less pain than people who did not.",
    "{A} improved strength a little, and the effect lasted while people kept going.",
    "There was no clear difference in falls between {a} and usual care.",
    "About {n} in 100 people stopped because of minor aches, usually early on.",
    "{A} raised fitness more than advice alone over {n} months.",
    "Quality of life scores were a little better after {n} weeks of {a}.",
];

pub const FINDING_OUTCOMES: &[&str] = &[
    "Pain",
    "Strength",
    "Falls",
    "Side effects",
    "Fitness",
    "Quality of life",
    "Bone density",
    "Sleep",
];

pub const TIPS: &[&str] = &[
    "Start slowly and build up over a few weeks.",
    "Stop and rest if you feel dizzy, sick or short of breath.",
    "Wear shoes with a good grip and keep the floor clear.",
    "Drink water before and after you exercise.",
    "Warm up for five minutes before you start.",
    "Ask your doctor first if you have chest pain.",
    "Hold on to something sturdy for balance work.",
    "Do not hold your breath while you lift.",
];

pub const EXAMPLES: &[&str] = &[
    "a brisk walk to the shops",
    "sit to stand from a chair",
    "heel raises at the kitchen worktop",
    "a gentle class at the pool",
    "marching on the spot",
    "a short bike ride",
    "wall press-ups",
    "standing on one leg",
    "climbing the stairs at home",
    "dancing to a favourite song",
];

pub const KIND_NAMES: &[&str] = &[
    "Strength exercises",
    "Balance exercises",
    "Aerobic activity",
    "Flexibility exercises",
    "Impact exercises",
];

/// Plain sentences; `{a}` is the activity, `{c}` the condition, `{n}` a
/// number. Short words, so the text reads at the site's grade.
pub const SENTENCES: &[&str] = &[
    "Most people with {c} can do {a} safely.",
    "Start with a few minutes and build up slowly.",
    "Aim for {n} short sessions a week at first.",
    "It is normal to feel a little tired afterwards.",
    "Stop if you feel sharp pain, and rest for a day or two.",
    "A small amount of {a} is better than none at all.",
    "You do not need special kit to begin.",
    "Many people find it easier with a friend or a group.",
    "Keep a simple diary of what you did and how you felt.",
    "Try to breathe out as you push and in as you relax.",
    "If you have {c}, your body may need a little more time to adjust.",
    "The aim is to feel warm and a bit out of breath, not worn out.",
    "Over {n} weeks, most people notice they can do a bit more.",
    "Your doctor or physiotherapist can help you choose a safe level.",
    "Take a day off between harder sessions to let your body recover.",
    "Some days will be harder than others, and that is fine.",
    "Pick a time of day that suits you and stick to it.",
    "Drink some water before you start and when you finish.",
    "Good shoes and loose clothes make {a} more comfortable.",
    "It can take {n} weeks before you feel the benefit.",
    "Go at your own pace and do not compare yourself with others.",
    "If you miss a few days, just start again at an easier level.",
    "Studies of {a} in people with {c} found small but real gains.",
    "The effects were larger in people who kept going for months.",
];

pub const ITEMS: &[&str] = &[
    "**Warm up** for five minutes with gentle movement.",
    "Keep your back straight and your shoulders relaxed.",
    "Move slowly and with control, not with a jerk.",
    "Rest for a minute between each set.",
    "Hold on to a chair or worktop if you feel unsteady.",
    "Stop if you feel dizzy, sick or very short of breath.",
    "Build up by adding a minute or two each week.",
    "Cool down with a slow walk and some stretches.",
    "Write down how you felt the next day.",
    "Ask for help if you are not sure how to do a move.",
    "Wear something comfortable that lets you move.",
    "Keep a bottle of water close by.",
];

pub const FOOTNOTES: &[&str] = &[
    "A set is a group of moves done one after another, then a short rest.",
    "Moderate means you can talk but not sing while you do it.",
    "A physiotherapist is a health professional who helps people move well.",
];

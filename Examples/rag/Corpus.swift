import SpanKit

/// The knowledge base: a few passages from a made-up travel guide, each with its source.
let corpus = [
    Document(id: "lisbon-tram", content: "Tram 28 crosses Lisbon's old districts, from Martim Moniz to Campo de Ourique.",
             metadata: ["source": "guide", "section": "transport"]),
    Document(id: "lisbon-tiles", content: "The National Tile Museum in Lisbon shows five centuries of azulejo tiles.",
             metadata: ["source": "guide", "section": "museums"]),
    Document(id: "porto-wine", content: "Port wine cellars line the Douro river bank in Vila Nova de Gaia, facing Porto.",
             metadata: ["source": "guide", "section": "food-and-drink"]),
    Document(id: "porto-bridge", content: "The Dom Luis I bridge links Porto and Gaia; its upper deck carries the metro.",
             metadata: ["source": "guide", "section": "transport"]),
    Document(id: "lisbon-pastry", content: "Pasteis de nata, custard tarts, are best eaten warm in Belem, west of Lisbon.",
             metadata: ["source": "blog", "section": "food-and-drink"]),
    Document(id: "sintra-palace", content: "Pena Palace in Sintra is a day trip from Lisbon by train from Rossio station.",
             metadata: ["source": "blog", "section": "day-trips"]),
]
